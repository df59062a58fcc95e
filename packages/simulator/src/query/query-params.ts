/** Readers for query-protocol (form) parameters: `Name.1`, `Name.2` lists and `Filter.N.Name/Value.M`. */

export class QueryError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = "QueryError";
  }
}

/** `InstanceId.1=a&InstanceId.2=b` → `[a, b]` (also accepts the `.member.N` form). */
export function listParam(params: URLSearchParams, name: string): string[] {
  const values: { index: number; value: string }[] = [];
  for (const [key, value] of params) {
    const m = new RegExp(`^${name}\\.(?:member\\.)?(\\d+)$`).exec(key);
    if (m) values.push({ index: Number(m[1]), value });
  }
  return values.sort((a, b) => a.index - b.index).map((v) => v.value);
}

/** `Filter.1.Name=x&Filter.1.Value.1=y` → `[{ name: x, values: [y] }]`. */
export function filterParams(params: URLSearchParams): { name: string; values: string[] }[] {
  const filters = new Map<number, { name: string; values: string[] }>();
  for (const [key, value] of params) {
    const m = /^Filter\.(\d+)\.(Name|Value\.\d+)$/.exec(key);
    if (!m) continue;
    const index = Number(m[1]);
    const filter = filters.get(index) ?? { name: "", values: [] };
    if (m[2] === "Name") filter.name = value;
    else filter.values.push(value);
    filters.set(index, filter);
  }
  return [...filters.entries()].sort(([a], [b]) => a - b).map(([, f]) => f);
}

export function intParam(
  params: URLSearchParams,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const raw = params.get(name);
  if (raw === null) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new QueryError("InvalidParameterValue", `${name} must be an integer between ${min} and ${max}`);
  return value;
}

/** Offset paging with `MaxResults`/`NextToken` (EC2) or `MaxItems`/`Marker` (IAM). */
export function pageOf<T>(
  items: readonly T[],
  maxResults: number | undefined,
  token: string | null,
): { items: T[]; nextToken?: string } {
  let offset = 0;
  if (token) {
    offset = Number(Buffer.from(token, "base64url").toString("utf8"));
    if (!Number.isInteger(offset) || offset < 0)
      throw new QueryError("InvalidParameterValue", "Invalid NextToken");
  }
  const size = maxResults ?? items.length;
  const end = offset + size;
  return end < items.length
    ? { items: items.slice(offset, end), nextToken: Buffer.from(String(end)).toString("base64url") }
    : { items: items.slice(offset) };
}
