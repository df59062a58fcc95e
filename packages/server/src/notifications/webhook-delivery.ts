import type { DeliveryAttempt } from "./notification-delivery-log";
import { SIGNATURE_HEADER, signWebhookBody, TIMESTAMP_HEADER } from "./webhook-signature";

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
 * final (the receiver refuses this body; repeating it changes nothing). Reports each attempt as it ends.
 */
export async function deliverWebhook(args: {
  url: string;
  secret: string;
  body: string;
  deliveryId: string;
  policy: WebhookRetryPolicy;
  now: () => Date;
  onAttempt: (attempt: DeliveryAttempt) => void;
  sleep?: (ms: number) => Promise<void>;
}): Promise<boolean> {
  const sleep = args.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const signature = signWebhookBody(args.body, args.secret);
  for (let attempt = 1; attempt <= args.policy.maxAttempts; attempt++) {
    const at = args.now().toISOString();
    let result: DeliveryAttempt;
    let final = false;
    try {
      const res = await fetch(args.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "drso-webhooks/1",
          [SIGNATURE_HEADER]: signature,
          [TIMESTAMP_HEADER]: at,
          "x-drso-delivery": args.deliveryId,
        },
        body: args.body,
        redirect: "manual",
        signal: AbortSignal.timeout(args.policy.timeoutMs),
      });
      await res.body?.cancel();
      result = { attempt, at, statusCode: res.status };
      if (res.ok) {
        args.onAttempt(result);
        return true;
      }
      final = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
    } catch (error) {
      result = { attempt, at, error: failureText(error) };
    }
    args.onAttempt(result);
    if (final || attempt === args.policy.maxAttempts) return false;
    await sleep(webhookBackoffMs(args.policy, attempt));
  }
  return false;
}

/** fetch says only "fetch failed"; the cause says why (refused, timeout, DNS). */
function failureText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
}
