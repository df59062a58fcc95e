/** A failed API call, carrying the envelope's error code, message and details so pages can show them. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** Field-level messages from a validation error, keyed by dotted path (e.g. `waves.0.dependsOnWaves`). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    const visit = (d: unknown): void => {
      if (Array.isArray(d)) {
        for (const item of d) visit(item);
        return;
      }
      if (d && typeof d === "object") {
        const rec = d as Record<string, unknown>;
        const path = rec.path;
        const message = rec.message;
        if (typeof message === "string" && (Array.isArray(path) || typeof path === "string")) {
          const key = Array.isArray(path) ? path.join(".") : path;
          out[key] ??= message;
          return;
        }
        for (const v of Object.values(rec)) visit(v);
      }
    };
    visit(this.details);
    return out;
  }
}

/** Human text for a failure: the API message, with the code so operators can search logs for it. */
export const describeError = (err: unknown): string => {
  if (err instanceof ApiError)
    return `${err.message} (${err.code}${err.status ? `, HTTP ${err.status}` : ""})`;
  if (err instanceof Error) return err.message;
  return String(err);
};
