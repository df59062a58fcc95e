import { z } from "zod";
import { webhookUrlProblem } from "./webhook-destination";

/** Execution events an operator can be told about (SNS email, webhooks). */
export const NOTIFICATION_EVENTS = [
  "EXECUTION_STARTED",
  "EXECUTION_PAUSED",
  "EXECUTION_COMPLETED",
  "EXECUTION_FAILED",
  "EXECUTION_CANCELLED",
  "SERVER_FAILED",
] as const;
export const NotificationEvent = z.enum(NOTIFICATION_EVENTS);
export type NotificationEvent = z.infer<typeof NotificationEvent>;

/** Stable id of a webhook: a settings PUT that sends the secret mask back names the webhook by it. */
export const WebhookId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "letters, digits, - and _ (1-64)");

/** A host name or IP literal (`[::1]` or `::1`), without scheme or port. */
const AllowedHost = z
  .string()
  .min(1)
  .max(253)
  .regex(/^(\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*|[A-Za-z0-9.-]+)$/, "a host name or IP address");

/** A webhook receiver: deliveries are signed with `secret` (HMAC-SHA256 of timestamp and body). */
export const WebhookTarget = z.strictObject({
  /** Given by the server when a webhook is first saved. */
  id: WebhookId.optional(),
  url: z.url({ protocol: /^https?$/ }).max(2048),
  secret: z.string().min(16).max(256),
  /** Events this receiver gets; empty means every enabled event. */
  events: z.array(NotificationEvent).max(NOTIFICATION_EVENTS.length).default([]),
});
export type WebhookTarget = z.infer<typeof WebhookTarget>;

const SNS_TOPIC_ARN = /^arn:aws:sns:[a-z]{2}(-[a-z]+)+-\d:\d{12}:[\w-]{1,256}$/;

export const NotificationSettings = z.strictObject({
  /** Events sent at all (webhooks and SNS). */
  enabledEvents: z
    .array(NotificationEvent)
    .max(NOTIFICATION_EVENTS.length)
    .default([...NOTIFICATION_EVENTS]),
  webhooks: z.array(WebhookTarget).max(10).default([]),
  /**
   * Hosts webhooks may reach although they resolve to a loopback, link-local or private address,
   * and the only hosts that may use plain http (see webhook-destination.ts).
   */
  allowedHosts: z.array(AllowedHost).max(20).default([]),
  /** SNS topic in the home account (email subscribers); unset → no SNS. */
  snsTopicArn: z.string().regex(SNS_TOPIC_ARN, "must be an SNS topic ARN").optional(),
});
export type NotificationSettings = z.infer<typeof NotificationSettings>;

/**
 * What a settings update may store: ids unique, and every webhook URL acceptable as a destination.
 * Stored settings are read with the plain schema, so settings saved before these rules still load
 * (their deliveries are refused when sent).
 */
export const NotificationSettingsUpdate = NotificationSettings.superRefine((settings, ctx) => {
  const seen = new Set<string>();
  settings.webhooks.forEach((hook, i) => {
    if (hook.id !== undefined) {
      if (seen.has(hook.id))
        ctx.addIssue({ code: "custom", path: ["webhooks", i, "id"], message: "duplicate id" });
      seen.add(hook.id);
    }
    const problem = webhookUrlProblem(hook.url, settings.allowedHosts);
    if (problem) ctx.addIssue({ code: "custom", path: ["webhooks", i, "url"], message: problem });
  });
});

/** The JSON body of a webhook delivery and the structured part of an SNS message. */
export interface NotificationMessage {
  notificationId: string;
  event: NotificationEvent | "TEST";
  executionId?: string;
  subject: string;
  message: string;
  occurredAt: string;
}

/** Publishes to an SNS topic (the SNS adapter, against AWS or the simulator). */
export interface TopicPublisher {
  publish(topicArn: string, subject: string, message: string): Promise<{ messageId: string }>;
}

/** Subject of the engine's notice that one server failed (with the reason in the message). */
export const SERVER_FAILED_SUBJECT = "Server failed";

/**
 * Which notification event an engine `Notify` command announces, from its subject and the
 * execution status after the decision; undefined for notices that are not execution events.
 */
export function notificationEventOf(subject: string, status: string): NotificationEvent | undefined {
  if (subject === "Execution started") return "EXECUTION_STARTED";
  if (subject === "Approval needed") return "EXECUTION_PAUSED";
  if (subject === SERVER_FAILED_SUBJECT) return "SERVER_FAILED";
  if (!subject.startsWith("Execution ")) return undefined;
  switch (status) {
    case "COMPLETED":
      return "EXECUTION_COMPLETED";
    case "PARTIAL":
    case "FAILED":
      return "EXECUTION_FAILED";
    case "CANCELLED":
      return "EXECUTION_CANCELLED";
    default:
      return undefined;
  }
}
