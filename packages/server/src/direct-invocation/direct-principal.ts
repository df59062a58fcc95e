import { type Actor, isRole } from "@drso/core";

/**
 * How a trusted in-process caller (the CLI on the data dir, a Lambda invoked through IAM) says
 * who it acts as. The principal travels in the request's environment bindings under a symbol:
 * nothing a client sends over HTTP can set it, so it never bypasses authentication of a request.
 */
export const DIRECT_PRINCIPAL = Symbol.for("drso.directPrincipal");

export interface DirectPrincipalBindings {
  [DIRECT_PRINCIPAL]: Actor;
}

const isActor = (value: unknown): value is Actor =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as Actor).username === "string" &&
  Array.isArray((value as Actor).roles) &&
  (value as Actor).roles.every((r) => typeof r === "string" && isRole(r));

/** The principal of a direct invocation, or undefined for an ordinary HTTP request. */
export function directPrincipalOf(env: unknown): Actor | undefined {
  if (typeof env !== "object" || env === null) return undefined;
  const principal = (env as Partial<DirectPrincipalBindings>)[DIRECT_PRINCIPAL];
  return isActor(principal) ? principal : undefined;
}
