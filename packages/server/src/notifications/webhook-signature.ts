import { createHmac, timingSafeEqual } from "node:crypto";

/** Header carrying `sha256=<hex HMAC-SHA256 of the raw body keyed with the webhook's secret>`. */
export const SIGNATURE_HEADER = "x-drso-signature";
/** Header carrying the delivery time (ISO 8601), so receivers can refuse replays of old deliveries. */
export const TIMESTAMP_HEADER = "x-drso-timestamp";

export const signWebhookBody = (body: string, secret: string): string =>
  `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

/** What a receiver does: recompute the signature and compare in constant time. */
export function verifyWebhookSignature(body: string, secret: string, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signWebhookBody(body, secret));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
