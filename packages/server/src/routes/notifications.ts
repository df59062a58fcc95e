import { NotificationEvent } from "@drso/core";
import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../app-deps";
import { Envelope, PageOf, sendOk } from "../http/envelope";
import { jsonBody, secureRoute } from "../http/secure-route";
import { notificationsOf, sendTestNotification } from "../services/notifications";

const tags = ["notifications"];
const json = <T>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

const Delivery = z
  .object({
    deliveryId: z.string(),
    notificationId: z.string(),
    channel: z.enum(["WEBHOOK", "SNS"]),
    target: z.string().meta({ description: "Webhook URL or SNS topic ARN" }),
    event: z.union([NotificationEvent, z.literal("TEST")]),
    executionId: z.string().optional(),
    subject: z.string(),
    status: z.enum(["PENDING", "DELIVERED", "FAILED"]),
    attempts: z.array(
      z.object({
        attempt: z.int(),
        at: z.string(),
        statusCode: z.int().optional(),
        error: z.string().optional(),
      }),
    ),
    createdAt: z.string(),
    messageId: z.string().optional(),
  })
  .openapi("NotificationDelivery");

const listDeliveries = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/notifications/deliveries",
  tags,
  summary: "Delivery log of notifications (webhooks and SNS), newest first, with every attempt",
  request: {
    query: z.strictObject({
      limit: z.coerce.number().int().min(1).max(500).default(50),
      nextToken: z.string().max(2048).optional(),
      executionId: z.string().min(1).max(128).optional(),
    }),
  },
  responses: { 200: json(Envelope(PageOf(Delivery)), "Deliveries") },
});

const TestNotification = z.strictObject({
  message: z.string().min(1).max(2000).optional(),
});
const sendTest = secureRoute("drs:ManageAccounts", {
  method: "post",
  path: "/api/notifications/test",
  tags,
  summary: "Send a test notification to every configured webhook and the SNS topic; waits for the outcome",
  request: { body: jsonBody(TestNotification) },
  responses: {
    200: json(
      Envelope(z.object({ notificationId: z.string(), deliveries: z.array(Delivery) })),
      "What each receiver answered",
    ),
  },
});

export function registerNotifications(app: App, deps: AppDeps): void {
  app.openapi(listDeliveries, async (c) =>
    sendOk(c, notificationsOf(deps).log.list(c.req.valid("query")), 200),
  );
  app.openapi(sendTest, async (c) =>
    sendOk(c, await sendTestNotification(deps, c.req.valid("json").message, c.get("actor")), 200),
  );
}
