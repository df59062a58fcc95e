import { lookup } from "node:dns/promises";
import { ipVersionOf, isAllowedWebhookHost, isNonPublicAddress, webhookUrlProblem } from "@drso/core";

/** One address of a host name, as `dns.lookup` gives it. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}
/** Resolves a host name to its addresses; tests inject one to play a name that resolves to 10.x. */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: HostResolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

/** A destination the rules of webhook-destination.ts refuse; its message names no address. */
export class WebhookDestinationRefused extends Error {}

/**
 * The one address a delivery attempt connects to. Every address the name resolves to must be
 * public unless the host is allowed: the request then connects to the checked address and never
 * resolves the name again, so a DNS answer that changes between check and connect (rebinding)
 * cannot redirect it.
 */
export async function resolveWebhookAddress(
  url: URL,
  allowedHosts: readonly string[],
  resolve: HostResolver,
): Promise<ResolvedAddress> {
  const problem = webhookUrlProblem(url.href, allowedHosts);
  if (problem) throw new WebhookDestinationRefused(`destination refused: the URL ${problem}`);
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const literal = ipVersionOf(host);
  const addresses = literal ? [{ address: host, family: literal }] : await resolve(host);
  const first = addresses[0];
  if (!first) throw new WebhookDestinationRefused("host name did not resolve");
  if (!isAllowedWebhookHost(host, allowedHosts) && addresses.some((a) => isNonPublicAddress(a.address))) {
    throw new WebhookDestinationRefused(
      "destination refused: the host resolves to a loopback, link-local or private address; an admin must list it in notifications.allowedHosts",
    );
  }
  return first;
}
