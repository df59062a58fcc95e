/**
 * Where a webhook may deliver. A webhook URL is chosen by whoever edits the settings, and the
 * server POSTs to it from inside the network it runs in: without these rules a webhook could reach
 * the cloud metadata service (169.254.169.254), the server's own loopback ports or private hosts.
 * Hosts an admin lists in `notifications.allowedHosts` are exempt (a receiver on the LAN, a local
 * test receiver), and only they may use plain http.
 */

/** `[::1]` and `::1` name the same host; host names compare case-insensitively. */
export const normalizeHost = (host: string): string =>
  host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1");

export const isAllowedWebhookHost = (hostname: string, allowedHosts: readonly string[]): boolean => {
  const host = normalizeHost(hostname);
  return allowedHosts.some((allowed) => normalizeHost(allowed) === host);
};

const parseIpv4 = (text: string): number[] | undefined => {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  const bytes = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : Number.NaN));
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : undefined;
};

/** Eight 16-bit groups, or undefined if `text` is not an IPv6 address (zone ids are refused). */
const parseIpv6 = (text: string): number[] | undefined => {
  if (!text.includes(":") || text.includes("%")) return undefined;
  let head = text;
  const tail: number[] = [];
  const lastColon = text.lastIndexOf(":");
  const v4 = parseIpv4(text.slice(lastColon + 1));
  if (v4) {
    // Keep a "::" that ends right before the IPv4 part; drop a single separating ":".
    head = text.slice(0, lastColon + 1);
    if (!head.endsWith("::")) head = head.slice(0, -1);
    tail.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
  }
  const halves = head.split("::");
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === "" ? [] : s.split(":"));
  const left = groups(halves[0] ?? "");
  const right = halves.length === 2 ? groups(halves[1] ?? "") : [];
  if (![...left, ...right].every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  const missing = 8 - left.length - right.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  return [
    ...left.map((g) => Number.parseInt(g, 16)),
    ...Array<number>(halves.length === 2 ? missing : 0).fill(0),
    ...right.map((g) => Number.parseInt(g, 16)),
    ...tail,
  ];
};

/** Loopback, "this network", private (RFC 1918), shared (CGNAT), link-local, benchmark, multicast, reserved. */
const isNonPublicIpv4 = ([a = 0, b = 0, c = 0]: number[]): boolean =>
  a === 0 ||
  a === 10 ||
  a === 127 ||
  (a === 100 && b >= 64 && b <= 127) ||
  (a === 169 && b === 254) ||
  (a === 172 && b >= 16 && b <= 31) ||
  (a === 192 && b === 168) ||
  (a === 192 && b === 0 && c === 0) ||
  (a === 198 && (b === 18 || b === 19)) ||
  a >= 224;

const isNonPublicIpv6 = (g: number[]): boolean => {
  const [g0 = 0, g1 = 0, , , , g5 = 0, g6 = 0, g7 = 0] = g;
  const embeddedV4 = [g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff];
  const zeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroUpTo(7) && (g7 === 0 || g7 === 1)) return true; // :: and ::1
  if (zeroUpTo(5) && g5 === 0xffff) return isNonPublicIpv4(embeddedV4); // IPv4-mapped
  if (zeroUpTo(6)) return isNonPublicIpv4(embeddedV4); // IPv4-compatible (deprecated)
  if (g0 === 0x64 && g1 === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return isNonPublicIpv4(embeddedV4); // NAT64
  return (
    (g0 & 0xffc0) === 0xfe80 || // link-local fe80::/10
    (g0 & 0xfe00) === 0xfc00 || // unique local fc00::/7
    (g0 & 0xffc0) === 0xfec0 || // site-local (deprecated) fec0::/10
    (g0 & 0xff00) === 0xff00 || // multicast
    (g0 === 0x2001 && g1 === 0x0db8) // documentation
  );
};

/** "4" or "6" when `host` is an IP literal (brackets allowed), else undefined. */
export const ipVersionOf = (host: string): 4 | 6 | undefined => {
  const h = normalizeHost(host);
  if (parseIpv4(h)) return 4;
  return parseIpv6(h) ? 6 : undefined;
};

/**
 * True for an address a webhook must not reach unless its host is allowed: loopback, link-local
 * (169.254.0.0/16, fe80::/10), private and unique-local ranges, and the other non-routable ones.
 * Anything that does not parse as an address counts as non-public.
 */
export const isNonPublicAddress = (address: string): boolean => {
  const h = normalizeHost(address);
  const v4 = parseIpv4(h);
  if (v4) return isNonPublicIpv4(v4);
  const v6 = parseIpv6(h);
  return v6 ? isNonPublicIpv6(v6) : true;
};

/**
 * Why `url` is refused as a webhook destination before any DNS lookup, or undefined. Host names
 * are checked again after resolution, on every delivery (the server's webhook delivery).
 */
export function webhookUrlProblem(url: string, allowedHosts: readonly string[]): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "is not a URL";
  }
  const host = normalizeHost(parsed.hostname);
  if (isAllowedWebhookHost(host, allowedHosts)) return undefined;
  if (parsed.protocol !== "https:") return "must use https unless its host is in notifications.allowedHosts";
  const local = host === "localhost" || host.endsWith(".localhost");
  if (local || (ipVersionOf(host) && isNonPublicAddress(host))) {
    return "points to a loopback, link-local or private address; an admin must list its host in notifications.allowedHosts";
  }
  return undefined;
}
