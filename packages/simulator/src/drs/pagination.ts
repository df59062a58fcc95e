import { validation } from "./drs-error";

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/**
 * `maxResults`/`nextToken` paging as DRS does it. The token is opaque to callers; here it encodes
 * the offset plus a fingerprint of the listing, so a token from another listing is refused.
 */
export function paginate<T>(
  items: readonly T[],
  input: { maxResults?: unknown; nextToken?: unknown },
  listing: string,
): { items: T[]; nextToken?: string } {
  const size = input.maxResults === undefined ? DEFAULT_PAGE_SIZE : input.maxResults;
  if (typeof size !== "number" || !Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE)
    throw validation(`maxResults must be an integer between 1 and ${MAX_PAGE_SIZE}`);
  let offset = 0;
  if (input.nextToken !== undefined && input.nextToken !== null && input.nextToken !== "") {
    offset = decodeToken(input.nextToken, listing);
  }
  const page = items.slice(offset, offset + size);
  const next = offset + size;
  return next < items.length ? { items: page, nextToken: encodeToken(next, listing) } : { items: page };
}

const encodeToken = (offset: number, listing: string): string =>
  Buffer.from(JSON.stringify({ o: offset, l: listing })).toString("base64url");

function decodeToken(token: unknown, listing: string): number {
  if (typeof token === "string") {
    try {
      const parsed: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
      if (
        typeof parsed === "object" &&
        parsed !== null &&
        "o" in parsed &&
        "l" in parsed &&
        Number.isInteger(parsed.o) &&
        parsed.l === listing
      )
        return parsed.o as number;
    } catch {
      // falls through to the validation error below
    }
  }
  throw validation("Invalid nextToken");
}
