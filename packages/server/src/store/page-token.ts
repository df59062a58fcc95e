import { ValidationError } from "@drso/core";

/**
 * Opaque `nextToken` of SQLite lists: the last row's sequence number, base64url-encoded so that
 * clients treat it as opaque (the DynamoDB store uses LastEvaluatedKey the same way).
 */
export const encodePageToken = (seq: number): string =>
  Buffer.from(JSON.stringify({ s: seq })).toString("base64url");

export function decodePageToken(token: string | undefined): number | undefined {
  if (token === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    const seq = (parsed as { s?: unknown } | null)?.s;
    if (typeof seq === "number" && Number.isSafeInteger(seq)) return seq;
  } catch {
    // fall through to the validation error below
  }
  throw new ValidationError("nextToken is not a token this API returned", { field: "nextToken" });
}
