import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import type { DeliveryAttempt } from "./notification-delivery-log";
import {
  type HostResolver,
  type ResolvedAddress,
  resolveWebhookAddress,
  systemResolver,
  WebhookDestinationRefused,
} from "./webhook-address";
import { DELIVERY_HEADER, SIGNATURE_HEADER, signWebhookBody } from "./webhook-signature";

/** Bounded exponential backoff of webhook deliveries. */
export interface WebhookRetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Time limit of one attempt; a receiver that does not answer counts as failed. */
  timeoutMs: number;
}

export const DEFAULT_WEBHOOK_RETRY: WebhookRetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  timeoutMs: 10_000,
};

/** Delay before attempt `attempt + 1`: base·2^(attempt−1), capped. */
export const webhookBackoffMs = (policy: WebhookRetryPolicy, attempt: number): number =>
  Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));

/**
 * POSTs a signed JSON body until a 2xx answer or the attempts run out. 4xx other than 408/429 are
 * final (the receiver refuses this body; repeating it changes nothing), and so is a refused
 * destination. Every attempt carries the same signature (one signed time per delivery). Reports
 * each attempt as it ends; its error text is what anyone who can read the delivery log sees, so it
 * names no address or port — `onError` gets the full error for the server log.
 */
export async function deliverWebhook(args: {
  url: string;
  secret: string;
  body: string;
  deliveryId: string;
  policy: WebhookRetryPolicy;
  now: () => Date;
  onAttempt: (attempt: DeliveryAttempt) => void;
  /** Hosts exempt from the private-address and https rules (settings `notifications.allowedHosts`). */
  allowedHosts?: readonly string[];
  resolve?: HostResolver;
  onError?: (error: unknown, attempt: number) => void;
  sleep?: (ms: number) => Promise<void>;
}): Promise<boolean> {
  const sleep = args.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const signature = signWebhookBody(args.body, args.secret, Math.floor(args.now().getTime() / 1000));
  const headers = {
    "content-type": "application/json",
    "user-agent": "drso-webhooks/1",
    [SIGNATURE_HEADER]: signature,
    [DELIVERY_HEADER]: args.deliveryId,
  };
  for (let attempt = 1; attempt <= args.policy.maxAttempts; attempt++) {
    const at = args.now().toISOString();
    let result: DeliveryAttempt;
    let final = false;
    try {
      const url = new URL(args.url);
      const pinned = await resolveWebhookAddress(
        url,
        args.allowedHosts ?? [],
        args.resolve ?? systemResolver,
      );
      const statusCode = await postPinned(url, pinned, headers, args.body, args.policy.timeoutMs);
      result = { attempt, at, statusCode };
      if (statusCode >= 200 && statusCode < 300) {
        args.onAttempt(result);
        return true;
      }
      final = statusCode >= 400 && statusCode < 500 && statusCode !== 408 && statusCode !== 429;
    } catch (error) {
      args.onError?.(error, attempt);
      result = { attempt, at, error: failureText(error, args.policy.timeoutMs) };
      final = error instanceof WebhookDestinationRefused;
    }
    args.onAttempt(result);
    if (final || attempt === args.policy.maxAttempts) return false;
    await sleep(webhookBackoffMs(args.policy, attempt));
  }
  return false;
}

/**
 * One POST to the checked address. The lookup hook answers with that address, so the connection
 * cannot go elsewhere; TLS still verifies the certificate against the URL's host name. Redirects
 * are not followed (a 3xx is a failed attempt).
 */
function postPinned(
  url: URL,
  pinned: ResolvedAddress,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<number> {
  const lookupPinned: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<number>((resolve, reject) => {
    const req = send(url, {
      method: "POST",
      headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
      agent: false,
      lookup: lookupPinned,
      signal: AbortSignal.timeout(timeoutMs),
    });
    req.on("response", (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end(body);
  });
}

const FAILURES: [RegExp, string][] = [
  [/^ECONNREFUSED$/, "connection refused"],
  [/^(ECONNRESET|EPIPE|ECONNABORTED)$/, "connection reset by the receiver"],
  [/^(ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL|ENODATA)$/, "host name did not resolve"],
  [/^(EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL)$/, "receiver unreachable"],
  [/CERT|SSL|TLS|SELF_SIGNED|ERR_SSL/, "TLS handshake failed (is the certificate valid for the host?)"],
  [/^HPE_/, "the receiver's answer is not valid HTTP"],
];

/**
 * The delivery log's text for a failed attempt: a category, never the address, port or raw
 * system message (read-only users see the log; the server log has the full error). An AWS service
 * error (SNS) keeps its name and message, which name no network detail.
 */
export function failureText(error: unknown, timeoutMs: number): string {
  if (error instanceof WebhookDestinationRefused) return error.message;
  if (error instanceof Error && "$metadata" in error) return `${error.name}: ${error.message}`;
  const name = error instanceof Error ? error.name : "";
  if (name === "TimeoutError" || name === "AbortError") return `no answer within ${timeoutMs} ms`;
  const code = String((error as { code?: unknown } | undefined)?.code ?? "");
  if (code === "ETIMEDOUT") return `no answer within ${timeoutMs} ms`;
  return FAILURES.find(([pattern]) => pattern.test(code))?.[1] ?? "delivery failed";
}
