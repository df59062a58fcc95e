import { ApiError } from "../../api/api-error";

/**
 * Field messages of a refused save, keyed by dotted path. Schema errors carry `{fields: [{path,
 * message}]}`; the API's checks against EC2 (unknown subnet, type not offered) carry `{field}` with
 * the message of the error itself. Both end up next to the field they name.
 */
export function settingsFieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError)) return {};
  const out = err.fieldErrors();
  const details = err.details as { field?: unknown } | undefined;
  if (details && typeof details.field === "string") out[details.field] ??= err.message;
  return out;
}

/** The first message for `path` itself or any path below it (`securityGroupIds.1` → `securityGroupIds`). */
export const errorAt = (errors: Record<string, string>, path: string): string | undefined =>
  errors[path] ?? Object.entries(errors).find(([k]) => k.startsWith(`${path}.`))?.[1];
