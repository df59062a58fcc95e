import { randomUUID } from "node:crypto";
import {
  type ConfigStore,
  type ExecutionState,
  type NotificationEvent,
  type NotificationMessage,
  notificationEventOf,
  notificationSettingsOf,
  type TopicPublisher,
} from "@drso/core";
import type { Logger } from "pino";
import type { NotificationDelivery, NotificationDeliveryLog } from "./notification-delivery-log";
import type { HostResolver } from "./webhook-address";
import {
  DEFAULT_WEBHOOK_RETRY,
  deliverWebhook,
  failureText,
  type WebhookRetryPolicy,
} from "./webhook-delivery";

export interface NotificationDispatcherOptions {
  settings: Pick<ConfigStore, "getSettings">;
  /** Where deliveries are recorded: the SQLite log here; the Lambda Tick logs them to CloudWatch. */
  log: Pick<NotificationDeliveryLog, "save">;
  logger: Logger;
  now: () => Date;
  /** Read at send time: the SNS adapter may be wired after the dispatcher. */
  topicPublisher: () => TopicPublisher | undefined;
  webhookRetry?: Partial<WebhookRetryPolicy>;
  /** DNS of webhook hosts; default the system resolver (tests play names that resolve to 10.x). */
  resolveHost?: HostResolver;
  /** The final outcome of each webhook delivery, after its retries (the server's metrics). */
  onWebhookDelivered?: (delivered: boolean) => void;
}

/** What one `send` did, per receiver. */
export interface DispatchResult {
  notificationId: string;
  deliveries: NotificationDelivery[];
}

/**
 * Sends execution notifications to the receivers the settings name: every matching webhook (signed,
 * retried with backoff) and the SNS topic. Each receiver gets its own delivery in the log, updated
 * after every attempt. Sending never throws to the caller: the runner must not stall on a receiver.
 */
export class NotificationDispatcher {
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly retry: WebhookRetryPolicy;

  constructor(private readonly options: NotificationDispatcherOptions) {
    this.retry = { ...DEFAULT_WEBHOOK_RETRY, ...options.webhookRetry };
  }

  /** The runner's `Notify` command: sent in the background when it announces an execution event. */
  onNotify(state: ExecutionState, subject: string, message: string): void {
    const event = notificationEventOf(subject, state.status);
    if (!event) return;
    const sending = this.send({ event, subject, message, executionId: state.executionId }).catch((error) =>
      this.options.logger.error({ err: error, executionId: state.executionId }, "notification failed"),
    );
    this.inFlight.add(sending);
    void sending.finally(() => this.inFlight.delete(sending));
  }

  /** Sends one notification to every receiver that wants `event` and waits for the outcome. */
  async send(input: {
    event: NotificationEvent | "TEST";
    subject: string;
    message: string;
    executionId?: string;
  }): Promise<DispatchResult> {
    const notifications = notificationSettingsOf(await this.options.settings.getSettings());
    const notificationId = randomUUID();
    const result: DispatchResult = { notificationId, deliveries: [] };
    const isTest = input.event === "TEST";
    if (!isTest && !notifications.enabledEvents.includes(input.event as NotificationEvent)) return result;
    const payload: NotificationMessage = {
      notificationId,
      event: input.event,
      ...(input.executionId ? { executionId: input.executionId } : {}),
      subject: input.subject,
      message: input.message,
      occurredAt: this.options.now().toISOString(),
    };
    const body = JSON.stringify(payload);
    const sends: Promise<NotificationDelivery>[] = [];
    for (const hook of notifications.webhooks) {
      const wanted =
        isTest || hook.events.length === 0 || hook.events.includes(input.event as NotificationEvent);
      if (wanted) sends.push(this.toWebhook(payload, body, hook, notifications.allowedHosts));
    }
    if (notifications.snsTopicArn) sends.push(this.toTopic(payload, body, notifications.snsTopicArn));
    result.deliveries = await Promise.all(sends);
    return result;
  }

  /** Waits for background sends (retries included) to end; call before closing the database. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private newDelivery(
    payload: NotificationMessage,
    channel: NotificationDelivery["channel"],
    target: string,
  ) {
    const delivery: NotificationDelivery = {
      deliveryId: randomUUID(),
      notificationId: payload.notificationId,
      channel,
      target,
      event: payload.event,
      ...(payload.executionId ? { executionId: payload.executionId } : {}),
      subject: payload.subject,
      status: "PENDING",
      attempts: [],
      createdAt: this.options.now().toISOString(),
    };
    this.options.log.save(delivery);
    return delivery;
  }

  private async toWebhook(
    payload: NotificationMessage,
    body: string,
    hook: { url: string; secret: string },
    allowedHosts: readonly string[],
  ) {
    const delivery = this.newDelivery(payload, "WEBHOOK", hook.url);
    const delivered = await deliverWebhook({
      url: hook.url,
      secret: hook.secret,
      body,
      deliveryId: delivery.deliveryId,
      policy: this.retry,
      now: this.options.now,
      allowedHosts,
      ...(this.options.resolveHost ? { resolve: this.options.resolveHost } : {}),
      onError: (error, attempt) =>
        this.options.logger.warn(
          { err: error, deliveryId: delivery.deliveryId, url: hook.url, attempt },
          "webhook attempt failed",
        ),
      onAttempt: (attempt) => {
        delivery.attempts.push(attempt);
        this.options.log.save(delivery);
      },
    });
    delivery.status = delivered ? "DELIVERED" : "FAILED";
    this.options.log.save(delivery);
    this.options.onWebhookDelivered?.(delivered);
    return delivery;
  }

  private async toTopic(payload: NotificationMessage, body: string, topicArn: string) {
    const delivery = this.newDelivery(payload, "SNS", topicArn);
    const at = this.options.now().toISOString();
    const publisher = this.options.topicPublisher();
    try {
      if (!publisher) throw new Error("no SNS adapter is configured");
      // Email subscribers read the text; the JSON after it serves machine subscribers.
      const { messageId } = await publisher.publish(
        topicArn,
        payload.subject,
        `${payload.message}\n\n${body}`,
      );
      delivery.attempts.push({ attempt: 1, at });
      delivery.status = "DELIVERED";
      delivery.messageId = messageId;
    } catch (error) {
      // The SNS adapter already retried throttling and 5xx.
      this.options.logger.warn(
        { err: error, deliveryId: delivery.deliveryId, topicArn },
        "SNS publish failed",
      );
      delivery.attempts.push({
        attempt: 1,
        at,
        error:
          error instanceof Error && !("code" in error)
            ? error.message
            : failureText(error, this.retry.timeoutMs),
      });
      delivery.status = "FAILED";
    }
    this.options.log.save(delivery);
    return delivery;
  }
}
