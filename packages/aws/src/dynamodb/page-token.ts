import { ValidationError } from "@drso/core";

/**
 * `nextToken` of DynamoDB lists: the key of the last item returned (LastEvaluatedKey shape),
 * base64url-encoded JSON. Only string key attributes exist in our tables, which the decoder checks.
 */
export type ItemKey = Record<string, string>;

export const encodeKeyToken = (key: ItemKey): string =>
  Buffer.from(JSON.stringify(key)).toString("base64url");

export const decodeKeyToken = (
  token: string | undefined,
  attributes: readonly string[],
): ItemKey | undefined => {
  if (token === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (parsed && typeof parsed === "object") {
      const record = parsed as Record<string, unknown>;
      const key = Object.fromEntries(attributes.map((a) => [a, record[a]]));
      if (Object.values(key).every((v) => typeof v === "string")) return key as ItemKey;
    }
  } catch {
    // fall through to the validation error below
  }
  throw new ValidationError("nextToken is not a token this API returned", { field: "nextToken" });
};
