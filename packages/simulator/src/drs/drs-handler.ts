import type { CredentialScope } from "../caller-identity";
import type { Simulation } from "../simulation";
import { DrsError, isDrsErrorType, validation } from "./drs-error";
import { DRS_OPERATIONS, settleRegion } from "./drs-operations";
import { isObject, type JsonObject } from "./request-fields";

export interface HttpReply {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Added latency (fault injection) to wait before answering. */
  delayMs?: number;
}

/** The DRS operation a restJson1 request addresses: `POST /<Operation>` or the `/tags/{arn}` routes. */
function operationOf(method: string, path: string): { operation: string; resourceArn?: string } | undefined {
  if (path.startsWith("/tags/")) {
    const resourceArn = decodeURIComponent(path.slice("/tags/".length));
    const operation = { GET: "ListTagsForResource", POST: "TagResource", DELETE: "UntagResource" }[method];
    return operation ? { operation, resourceArn } : undefined;
  }
  if (method !== "POST") return undefined;
  return { operation: path.slice(1) };
}

const json = (
  status: number,
  body: unknown,
  requestId: string,
  extra: Record<string, string> = {},
): HttpReply => ({
  status,
  headers: { "content-type": "application/json", "x-amzn-requestid": requestId, ...extra },
  body: body === undefined ? "" : JSON.stringify(body),
});

export function errorReply(error: DrsError, requestId: string): HttpReply {
  return json(error.status, { message: error.message, ...error.fields }, requestId, {
    "x-amzn-errortype": error.type,
  });
}

/** Serves one DRS restJson1 request. */
export function handleDrs(args: {
  sim: Simulation;
  method: string;
  path: string;
  query: URLSearchParams;
  body: string;
  scope: CredentialScope | undefined;
  requestId: string;
}): HttpReply {
  const { sim, requestId } = args;
  const route = operationOf(args.method, args.path);
  const handler = route ? DRS_OPERATIONS[route.operation] : undefined;
  if (!route || !handler)
    return json(404, { message: `Unknown operation ${args.method} ${args.path}` }, requestId, {
      "x-amzn-errortype": "UnknownOperationException",
    });
  const now = sim.clock.now();
  const fault = sim.faults.roll("drs", route.operation);
  const withDelay = (reply: HttpReply): HttpReply => {
    sim.drsCalls.record(route.operation, reply.headers["x-amzn-errortype"]);
    return fault.latencyMs > 0 ? { ...reply, delayMs: fault.latencyMs } : reply;
  };
  try {
    const caller = sim.credentials.resolve(args.scope?.accessKeyId, now);
    if (caller.kind === "expired")
      throw new DrsError("ExpiredTokenException", "The security token included in the request is expired");
    if (fault.errorType !== undefined) {
      const type = fault.errorType;
      throw isDrsErrorType(type)
        ? new DrsError(type, `Injected fault: ${type} on ${route.operation}`)
        : new DrsError("InternalServerException", `Injected fault: ${type} on ${route.operation}`);
    }
    const regionName = args.scope?.region ?? "us-east-1";
    const accountId = caller.identity.accountId;
    const region = sim.world.regionWorld(accountId, regionName);
    if (!region?.initialized)
      throw new DrsError(
        "UninitializedAccountException",
        `Account ${accountId} is not initialized for AWS Elastic Disaster Recovery in ${regionName}. Initialize the service first.`,
        { code: "UninitializedAccountException" },
      );
    let input: JsonObject = {};
    if (args.body.trim() !== "") {
      let parsed: unknown;
      try {
        parsed = JSON.parse(args.body);
      } catch {
        throw validation("Could not parse request body as JSON", "cannotParse");
      }
      if (!isObject(parsed)) throw validation("Request body must be a JSON object", "cannotParse");
      input = parsed;
    }
    settleRegion(sim.world, region, now);
    const result = handler({
      sim: sim.world,
      region,
      now,
      input,
      query: args.query,
      ...(route.resourceArn !== undefined && { resourceArn: route.resourceArn }),
    });
    return withDelay(json(result.status, result.body, requestId));
  } catch (error) {
    if (error instanceof DrsError) return withDelay(errorReply(error, requestId));
    console.error(`[drso-sim] drs ${route.operation} failed:`, error);
    return withDelay(errorReply(new DrsError("InternalServerException", "Internal server error"), requestId));
  }
}
