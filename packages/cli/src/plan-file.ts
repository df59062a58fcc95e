import { readFileSync } from "node:fs";
import { PlanDocument } from "@drso/core";
import { isMap, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { CliError } from "./cli-error";

/** `recoveryPlans[0].waves[1].protectionGroups` — the path notation used in messages. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`))
    .join("");
}

/**
 * Reads a plans-as-code document (YAML, or JSON which is YAML too) and validates it against the
 * core schema. Every problem is reported with file:line:column and the field path, so a user can
 * jump straight to it; nothing is sent anywhere before the whole file is valid.
 */
export function parsePlanText(text: string, fileName: string): PlanDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number | undefined) => {
    if (offset === undefined) return fileName;
    const { line, col } = lineCounter.linePos(offset);
    return `${fileName}:${line}:${col}`;
  };
  if (doc.errors.length > 0) {
    const lines = doc.errors.map((e) => `  ${at(e.pos[0])}: ${e.message.split("\n")[0]}`);
    throw new CliError(`${fileName} is not valid YAML:\n${lines.join("\n")}`);
  }
  const input: unknown = doc.toJS();
  if (input === null || input === undefined)
    throw new CliError(`${fileName} is empty: expected a plan document`);
  const result = PlanDocument.safeParse(input);
  if (result.success) return result.data;

  // The deepest node that exists on the issue's path carries the position to report.
  const offsetOf = (issue: z.core.$ZodIssue): number | undefined => {
    const path = [...issue.path] as (string | number)[];
    if (issue.code === "unrecognized_keys" && issue.keys[0] !== undefined) {
      const parent = doc.getIn(path, true);
      if (isMap(parent)) {
        const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === issue.keys[0]);
        const key = pair?.key as { range?: [number, number, number] } | undefined;
        if (key?.range) return key.range[0];
      }
    }
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
      if (range) return range[0];
    }
    return undefined;
  };
  const lines = result.error.issues.slice(0, 20).map((issue) => {
    const field = issue.path.length > 0 ? `${formatPath(issue.path)}: ` : "";
    return `  ${at(offsetOf(issue))}: ${field}${issue.message}`;
  });
  const more = result.error.issues.length > 20 ? `\n  ... and ${result.error.issues.length - 20} more` : "";
  const count = result.error.issues.length;
  throw new CliError(
    `${fileName} is not a valid plan document (${count} problem${count > 1 ? "s" : ""}):\n${lines.join("\n")}${more}`,
  );
}

export function readPlanFile(file: string): PlanDocument {
  let text: string;
  try {
    text = file === "-" ? readFileSync(0, "utf8") : readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read ${file}: ${code === "ENOENT" ? "no such file" : (e as Error).message}`);
  }
  return parsePlanText(text, file === "-" ? "<stdin>" : file);
}
