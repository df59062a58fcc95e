import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the webhook's
 * secret>`. Signing the time with the body lets a receiver refuse a replayed delivery: `t` is set
 * once per delivery and kept on its retries (the delivery id, `x-drso-delivery`, stays too).
 */
export const SIGNATURE_HEADER = "x-drso-signature";
/** Header carrying the delivery id: a receiver that remembers ids for the window refuses replays inside it. */
export const DELIVERY_HEADER = "x-drso-delivery";

/**
 * How old a signed timestamp a receiver should accept. Every retry of a delivery ends well inside
 * it (default policy: 5 attempts × 10 s timeout + 15 s of backoff ≈ 65 s).
 */
export const WEBHOOK_REPLAY_WINDOW_SECONDS = 300;

const hmac = (secret: string, timestamp: number, body: string) =>
  createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");

export const signWebhookBody = (body: string, secret: string, timestamp: number): string =>
  `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;

/**
 * What a receiver does: recompute the signature over the signed time and the raw body, compare in
 * constant time, and refuse a time outside the replay window.
 */
export function verifyWebhookSignature(
  body: string,
  secret: string,
  header: string | undefined,
  nowSeconds: number = Math.floor(Date.now() / 1000),
  windowSeconds: number = WEBHOOK_REPLAY_WINDOW_SECONDS,
): boolean {
  const fields = new Map(
    (header ?? "").split(",").map((part) => {
      const at = part.indexOf("=");
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const t = fields.get("t") ?? "";
  const given = fields.get("v1");
  if (!/^\d{1,12}$/.test(t) || !given) return false;
  const timestamp = Number(t);
  if (Math.abs(nowSeconds - timestamp) > windowSeconds) return false;
  const expected = Buffer.from(hmac(secret, timestamp, body));
  const received = Buffer.from(given);
  return expected.length === received.length && timingSafeEqual(expected, received);
}
