import {
  ConflictError,
  type ExecutionState,
  type ExecutionStore,
  isTerminalExecutionStatus,
} from "@drso/core";
import type { ExecutionGuard } from "../app-deps";

const activeExecutions = async (store: ExecutionStore): Promise<ExecutionState[]> =>
  (await store.listUnfinished()).filter((s) => !isTerminalExecutionStatus(s.status));

/** Refuses (409) changes to the protection groups and recovery plans an active or paused execution uses. */
export function executionGuard(store: ExecutionStore): ExecutionGuard {
  return {
    async assertGroupNotInActiveExecution(groupId) {
      const using = (await activeExecutions(store)).filter((s) =>
        (s.planSnapshot?.waves ?? []).some((w) => w.protectionGroupIds.includes(groupId)),
      );
      if (using.length > 0) {
        throw new ConflictError(
          "GROUP_IN_ACTIVE_EXECUTION",
          `The protection group is used by active execution ${using.map((s) => s.executionId).join(", ")}`,
          {
            executions: using.map((s) => ({
              executionId: s.executionId,
              planId: s.planId,
              status: s.status,
            })),
          },
        );
      }
    },
    async assertPlanNotInActiveExecution(planId) {
      const using = (await activeExecutions(store)).filter((s) => s.planId === planId);
      if (using.length > 0) {
        throw new ConflictError(
          "PLAN_IN_ACTIVE_EXECUTION",
          `The recovery plan has active execution ${using.map((s) => s.executionId).join(", ")}`,
          { executions: using.map((s) => ({ executionId: s.executionId, status: s.status })) },
        );
      }
    },
  };
}
