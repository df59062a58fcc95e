import {
  type DocumentProtectionGroup,
  type PlanChange,
  type ProtectionGroup,
  type RecoveryPlan,
  recoveryPlanInputFromDocument,
} from "@drso/core";
import { type ApiClient, ApiError, describeApiError } from "./api-client";
import { CliError } from "./cli-error";
import type { InstalledState } from "./installed-state";

const LABEL = { protectionGroup: "protection group", recoveryPlan: "recovery plan" } as const;

/**
 * The body of a group write. An explicit empty description clears one that the document no
 * longer has, so the next diff is empty.
 */
const groupBody = (g: DocumentProtectionGroup) => ({ ...g, description: g.description ?? "" });

/**
 * Runs the change list against the API in its order (groups before plans, plan deletes before
 * group deletes). Stops at the first refusal and reports the API's reason, naming the change and
 * how many were already applied.
 */
export async function applyPlanChanges(
  client: ApiClient,
  state: InstalledState,
  changes: readonly PlanChange[],
  onApplied: (change: PlanChange) => void,
): Promise<void> {
  const groupId = (name: string) => state.group(name)?.groupId;
  for (const [i, c] of changes.entries()) {
    try {
      if (c.kind === "protectionGroup") {
        const existing = state.group(c.name);
        if (c.action === "create") {
          state.rememberGroup(await client.post<ProtectionGroup>("/protection-groups", groupBody(c.desired)));
        } else if (c.action === "update" && existing) {
          state.rememberGroup(
            await client.put<ProtectionGroup>(`/protection-groups/${existing.groupId}`, {
              ...groupBody(c.desired),
              version: existing.version,
            }),
          );
        } else if (c.action === "delete" && existing) {
          await client.delete(`/protection-groups/${existing.groupId}`);
        }
      } else {
        const existing = state.plan(c.name);
        if (c.action === "create") {
          await client.post<RecoveryPlan>("/recovery-plans", {
            ...recoveryPlanInputFromDocument(c.desired, groupId),
            description: c.desired.description ?? "",
          });
        } else if (c.action === "update" && existing) {
          await client.put<RecoveryPlan>(`/recovery-plans/${existing.planId}`, {
            ...recoveryPlanInputFromDocument(c.desired, groupId),
            description: c.desired.description ?? "",
            version: existing.version,
          });
        } else if (c.action === "delete" && existing) {
          await client.delete(`/recovery-plans/${existing.planId}`);
        }
      }
    } catch (e) {
      const reason = e instanceof ApiError ? describeApiError(e) : (e as Error).message;
      const done =
        i === 0 ? "nothing was changed" : `${i} of ${changes.length} changes were applied before it`;
      throw new CliError(`cannot ${c.action} ${LABEL[c.kind]} "${c.name}": ${reason}; ${done}`, 1, {
        cause: e,
      });
    }
    onApplied(c);
  }
}
