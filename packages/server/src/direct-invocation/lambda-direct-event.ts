import type { Actor } from "@drso/core";
import type { App } from "../app-deps";
import { type DirectInvocationResult, invokeOperation } from "./direct-invocation";

/**
 * The Lambda API entry receives two kinds of events: API Gateway proxy events
 * (`httpMethod`/`requestContext`) and direct invocations `{operation, body, queryParams,
 * pathParams?}` sent with `lambda:InvokeFunction`.
 *
 * Identity of a direct invocation: IAM decided that the caller may invoke the function, and
 * invoking it is administering the orchestrator. The event cannot choose who it acts as — a
 * `principal` in it is ignored — so every direct invocation acts as
 * {@link DIRECT_INVOCATION_USER} with the admin role. Lambda tells a function nothing about the
 * IAM identity that called Invoke (CloudTrail's Lambda data events do); the actor name carries
 * what the context does say: the invocation's request id, and the Cognito identity when the
 * caller signed with Cognito identity-pool credentials.
 */
export const DIRECT_INVOCATION_USER = "lambda-direct-invocation";

/** The part of Lambda's context object (aws-lambda's `Context`) that identifies an invocation. */
export interface DirectInvocationContext {
  awsRequestId?: string;
  identity?: { cognitoIdentityId?: string } | undefined;
}

// Request ids are UUIDs and Cognito identity ids `<region>:<uuid>`; anything else is cut to that alphabet.
const idPart = (value: unknown): string | undefined =>
  typeof value === "string" && value.length > 0
    ? value.replace(/[^A-Za-z0-9:._-]/g, "").slice(0, 64) || undefined
    : undefined;

/**
 * `lambda-direct-invocation[/cognito:<identity id>]/<request id>`, admin: the one principal of a
 * direct invocation, named after what the Lambda context says about it.
 */
export function directInvocationPrincipal(context: unknown): Actor {
  const ctx = (typeof context === "object" && context !== null ? context : {}) as DirectInvocationContext;
  const cognito = idPart(ctx.identity?.cognitoIdentityId);
  const request = idPart(ctx.awsRequestId);
  return {
    username: [DIRECT_INVOCATION_USER, cognito && `cognito:${cognito}`, request].filter(Boolean).join("/"),
    roles: ["DRSOrchestrationAdmin"],
  };
}

export const isDirectInvocationEvent = (event: unknown): event is { operation: unknown } =>
  typeof event === "object" &&
  event !== null &&
  "operation" in event &&
  !("httpMethod" in event) &&
  !("requestContext" in event);

/** Runs a direct-invocation event against the app; see the module comment for the identity. */
export async function handleDirectInvocationEvent(
  app: App,
  event: object,
  context: unknown,
): Promise<DirectInvocationResult> {
  const { principal: _ignored, ...invocation } = event as Record<string, unknown>;
  return invokeOperation(app, invocation, directInvocationPrincipal(context));
}

/**
 * Wraps the API Gateway handler of `app` so that direct invocations go to the dispatcher and
 * everything else to `httpHandler` unchanged.
 */
export function withDirectInvocation<E, C, R>(
  app: App,
  httpHandler: (event: E, context: C) => Promise<R>,
): (event: E, context: C) => Promise<R | DirectInvocationResult> {
  return (event, context) =>
    isDirectInvocationEvent(event)
      ? handleDirectInvocationEvent(app, event, context)
      : httpHandler(event, context);
}
