/**
 * A small XML writer for the query protocols. Objects become elements, arrays become repeated
 * `<item>` children (EC2's list encoding) unless wrapped with `members` (STS/IAM's `<member>`).
 */
export type XmlValue =
  | string
  | number
  | boolean
  | undefined
  | null
  | XmlValue[]
  | XmlList
  | { [key: string]: XmlValue };

/** A list encoded with a given child element name. */
export class XmlList {
  constructor(
    readonly element: string,
    readonly items: XmlValue[],
  ) {}
}

export const members = (items: XmlValue[]): XmlList => new XmlList("member", items);

export const escapeXml = (text: string): string =>
  text.replace(
    /[<>&"']/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c] ?? c,
  );

function children(value: XmlValue): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return value.map((item) => element("item", item)).join("");
  if (value instanceof XmlList) return value.items.map((item) => element(value.element, item)).join("");
  if (typeof value === "object")
    return Object.entries(value)
      .map(([k, v]) => element(k, v))
      .join("");
  return escapeXml(String(value));
}

export function element(name: string, value: XmlValue): string {
  if (value === undefined || value === null) return "";
  return `<${name}>${children(value)}</${name}>`;
}

export function document(root: string, namespace: string, value: XmlValue): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${namespace}">${children(value)}</${root}>`;
}
