import { ApiError } from "../../api/api-error";
import type { WaveFieldErrors } from "./wave-editor";

export interface PlanErrors {
  form?: string;
  planName?: string;
  description?: string;
  rtoTargetMinutes?: string;
  waves: Record<number, WaveFieldErrors>;
}

/**
 * Places an API validation error next to the field it is about: zod issue paths
 * (`waves.2.protectionGroupIds`) and the plan rules' details (`{wave}`, `{cycle}`, `{waves}`).
 */
export function planErrorsFrom(err: unknown, message: string): PlanErrors {
  const out: PlanErrors = { form: message, waves: {} };
  if (!(err instanceof ApiError)) return out;
  const waveErr = (n: number, field: keyof WaveFieldErrors, text: string) => {
    const w = out.waves[n] ?? {};
    w[field] ??= text;
    out.waves[n] = w;
  };
  for (const [path, text] of Object.entries(err.fieldErrors())) {
    const m = /^waves\.(\d+)\.?(\w+)?/.exec(path);
    if (m) {
      const field = m[2];
      const key: keyof WaveFieldErrors =
        field === "protectionGroupIds" || field === "dependsOnWaves" || field === "waveName"
          ? field
          : "general";
      waveErr(Number(m[1]) + 1, key, text);
    } else if (path === "planName" || path === "description" || path === "rtoTargetMinutes") {
      out[path] = text;
    }
  }
  const d = (err.details ?? {}) as Record<string, unknown>;
  const text = err.message;
  if (typeof d.wave === "number") waveErr(d.wave, "dependsOnWaves", text);
  if (Array.isArray(d.cycle))
    for (const n of d.cycle) if (typeof n === "number") waveErr(n, "dependsOnWaves", text);
  if (Array.isArray(d.waves)) for (const n of d.waves) if (typeof n === "number") waveErr(n, "general", text);
  if (Array.isArray(d.protectionGroupIds) && err.code === "UNKNOWN_PROTECTION_GROUP") out.form = text;
  if (err.code.includes("NAME") || /name/i.test(text))
    out.planName ??= /plan ?name/i.test(text) ? text : undefined;
  return out;
}
