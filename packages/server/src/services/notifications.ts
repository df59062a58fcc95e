import type { Actor } from "@drso/core";
import type { AppDeps } from "../app-deps";
import { auditEntry } from "../audit-entry";
import { requireAdapter } from "../optional-adapters";

export const notificationsOf = (deps: AppDeps) => requireAdapter(deps, "notifications");

/**
 * Sends a TEST notification to every receiver and waits for the outcome. It reaches outside
 * systems, so it is audited: who sent it and what each receiver answered.
 */
export async function sendTestNotification(deps: AppDeps, message: string | undefined, actor: Actor) {
  const result = await notificationsOf(deps).dispatcher.send({
    event: "TEST",
    subject: "DRS Orchestrator test notification",
    message: message ?? `Test notification sent by ${actor.username}`,
  });
  await deps.store.recordAudit(
    auditEntry(
      actor.username,
      "SendTestNotification",
      "notification",
      result.notificationId,
      {},
      {
        deliveries: result.deliveries.map((d) => ({
          channel: d.channel,
          target: d.target,
          status: d.status,
        })),
      },
      deps.now(),
    ),
  );
  return result;
}
