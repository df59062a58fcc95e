import { type Actor, isRole } from "@drso/core";
import type { App } from "../app-deps";
import { type DirectInvocationResult, invokeOperation } from "./direct-invocation";

/**
 * The Lambda API entry receives two kinds of events: API
 * Gateway proxy events (`httpMethod`/`requestContext`) and direct invocations
 * `{operation, body, queryParams, pathParams?, principal?}` sent with `lambda:InvokeFunction`.
 *
 * Identity of a direct invocation: IAM already decided that the caller may invoke the function
 * (the orchestration role), so the event is trusted like an in-process caller. It acts as
 * `principal` when the event names one (a username and roles, e.g. to run read-only or to audit
 * as the automation's name), else as {@link LAMBDA_DIRECT_PRINCIPAL} with the admin role.
 */
export const LAMBDA_DIRECT_PRINCIPAL: Actor = {
  username: "lambda-direct-invocation",
  roles: ["DRSOrchestrationAdmin"],
};

export const isDirectInvocationEvent = (event: unknown): event is { operation: unknown } =>
  typeof event === "object" &&
  event !== null &&
  "operation" in event &&
  !("httpMethod" in event) &&
  !("requestContext" in event);

/** The event's principal when well formed; undefined when absent; an error message when not. */
function principalOf(event: object): Actor | string {
  const raw = (event as { principal?: unknown }).principal;
  if (raw === undefined) return LAMBDA_DIRECT_PRINCIPAL;
  const p = raw as { username?: unknown; roles?: unknown };
  if (
    typeof p !== "object" ||
    p === null ||
    typeof p.username !== "string" ||
    p.username.length === 0 ||
    p.username.length > 128 ||
    !Array.isArray(p.roles) ||
    !p.roles.every((r) => typeof r === "string" && isRole(r))
  ) {
    return "principal must be {username: string, roles: [DRSOrchestrationAdmin|DRSRecoveryManager|DRSPlanManager|DRSOperator|DRSReadOnly]}";
  }
  return { username: p.username, roles: p.roles };
}

/** Runs a direct-invocation event against the app; see the module comment for the identity. */
export async function handleDirectInvocationEvent(app: App, event: object): Promise<DirectInvocationResult> {
  const principal = principalOf(event);
  if (typeof principal === "string") {
    return {
      statusCode: 400,
      success: false,
      error: { code: "INVALID_INVOCATION", message: principal },
      timestamp: new Date().toISOString(),
    };
  }
  const { principal: _ignored, ...invocation } = event as Record<string, unknown>;
  return invokeOperation(app, invocation, principal);
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
    isDirectInvocationEvent(event) ? handleDirectInvocationEvent(app, event) : httpHandler(event, context);
}
