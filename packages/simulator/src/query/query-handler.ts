import type { CredentialScope } from "../caller-identity";
import type { HttpReply } from "../drs/drs-handler";
import { EC2_OPERATIONS } from "../ec2/ec2-operations";
import { settle } from "../job-progress";
import type { Simulation } from "../simulation";
import { SNS_OPERATIONS } from "../sns/sns-operations";
import { IAM_OPERATIONS } from "../sts/iam-operations";
import { STS_OPERATIONS } from "../sts/sts-operations";
import { QueryError } from "./query-params";
import { document, escapeXml, type XmlValue } from "./xml";

export type QueryService = "ec2" | "sts" | "iam" | "sns";

const NAMESPACES: Record<QueryService, string> = {
  ec2: "http://ec2.amazonaws.com/doc/2016-11-15/",
  sts: "https://sts.amazonaws.com/doc/2011-06-15/",
  iam: "https://iam.amazonaws.com/doc/2010-05-08/",
  sns: "http://sns.amazonaws.com/doc/2010-03-31/",
};

/** API versions as sent in the `Version` parameter, for requests without a SigV4 scope. */
export const QUERY_API_VERSIONS: Record<string, QueryService> = {
  "2016-11-15": "ec2",
  "2011-06-15": "sts",
  "2010-05-08": "iam",
  "2010-03-31": "sns",
};

/** A DRS-style fault name (`ThrottlingException`) as the query services spell it. */
function faultError(service: QueryService, errorType: string, operation: string): QueryError {
  const message = `Injected fault: ${errorType} on ${operation}`;
  switch (errorType) {
    case "ThrottlingException":
      return service === "ec2"
        ? new QueryError("RequestLimitExceeded", "Request limit exceeded.", 503)
        : new QueryError("Throttling", "Rate exceeded", 400);
    case "InternalServerException":
      return new QueryError(service === "ec2" ? "InternalError" : "InternalFailure", message, 500);
    case "AccessDeniedException":
      return new QueryError(service === "ec2" ? "UnauthorizedOperation" : "AccessDenied", message, 403);
    case "ValidationException":
      return new QueryError(service === "ec2" ? "InvalidParameterValue" : "ValidationError", message, 400);
    default:
      return new QueryError(errorType, message, 400);
  }
}

const xmlReply = (status: number, body: string, requestId: string): HttpReply => ({
  status,
  headers: { "content-type": "text/xml;charset=UTF-8", "x-amzn-requestid": requestId },
  body,
});

function errorXml(service: QueryService, error: QueryError, requestId: string): HttpReply {
  const detail = `<Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message>`;
  const body =
    service === "ec2"
      ? `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error>${detail}</Error></Errors><RequestID>${requestId}</RequestID></Response>`
      : `<ErrorResponse xmlns="${NAMESPACES[service]}"><Error><Type>${error.status >= 500 ? "Receiver" : "Sender"}</Type>${detail}</Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  return xmlReply(error.status, body, requestId);
}

/** Serves one EC2, STS or IAM query-protocol request (form POST, XML answer). */
export function handleQuery(args: {
  sim: Simulation;
  service: QueryService;
  params: URLSearchParams;
  scope: CredentialScope | undefined;
  requestId: string;
}): HttpReply {
  const { sim, service, params, requestId } = args;
  const action = params.get("Action") ?? "";
  const now = sim.clock.now();
  const fault = sim.faults.roll(service, action);
  const withDelay = (reply: HttpReply): HttpReply =>
    fault.latencyMs > 0 ? { ...reply, delayMs: fault.latencyMs } : reply;
  try {
    const caller = sim.credentials.resolve(args.scope?.accessKeyId, now);
    if (caller.kind === "expired")
      throw new QueryError(
        service === "ec2" ? "RequestExpired" : "ExpiredToken",
        "The security token included in the request is expired",
        400,
      );
    if (fault.errorType !== undefined) throw faultError(service, fault.errorType, action);
    const regionName = args.scope?.region ?? "us-east-1";
    let result: Record<string, XmlValue>;
    if (service === "ec2") {
      const operation = EC2_OPERATIONS[action];
      if (!operation)
        throw new QueryError("InvalidAction", `The action ${action} is not valid for this web service.`);
      const region = sim.world.regionWorld(caller.identity.accountId, regionName);
      if (region) settle(region, now, sim.clock);
      result = operation({
        sim: sim.world,
        region,
        accountId: caller.identity.accountId,
        regionName,
        now,
        params,
      });
      return withDelay(
        xmlReply(200, document(`${action}Response`, NAMESPACES.ec2, { requestId, ...result }), requestId),
      );
    }
    if (service === "sts") {
      const operation = STS_OPERATIONS[action];
      if (!operation)
        throw new QueryError("InvalidAction", `Could not find operation ${action} for version 2011-06-15`);
      result = operation({
        sim: sim.world,
        credentials: sim.credentials,
        caller: caller.identity,
        now,
        params,
      });
    } else if (service === "sns") {
      const operation = SNS_OPERATIONS[action];
      if (!operation)
        throw new QueryError("InvalidAction", `Could not find operation ${action} for version 2010-03-31`);
      result = operation({ sim: sim.world, caller: caller.identity, regionName, now, params });
    } else {
      const operation = IAM_OPERATIONS[action];
      if (!operation)
        throw new QueryError("InvalidAction", `Could not find operation ${action} for version 2010-05-08`);
      result = operation({ caller: caller.identity, params });
    }
    return withDelay(
      xmlReply(
        200,
        document(`${action}Response`, NAMESPACES[service], {
          [`${action}Result`]: result,
          ResponseMetadata: { RequestId: requestId },
        }),
        requestId,
      ),
    );
  } catch (error) {
    if (error instanceof QueryError) return withDelay(errorXml(service, error, requestId));
    console.error(`[drso-sim] ${service} ${action} failed:`, error);
    return withDelay(
      errorXml(
        service,
        new QueryError(service === "ec2" ? "InternalError" : "InternalFailure", "Internal error", 500),
        requestId,
      ),
    );
  }
}
