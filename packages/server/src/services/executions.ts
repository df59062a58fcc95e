import {
  type Actor,
  type Execution,
  type ExecutionDetail,
  type ExecutionState,
  type ExecutionStatus,
  type ExecutionType,
  executionView,
  InvalidStateError,
  isTerminalExecutionStatus,
  NotFoundError,
  type UserAction,
} from "@drso/core";
import type { AppDeps } from "../app-deps";
import { auditEntry } from "../audit-entry";
import { requireAdapter } from "../optional-adapters";
import { executionGuard } from "./execution-guard";
import { createExecution } from "./execution-start";
import type { ExecutionsRuntime } from "./executions-runtime";

export type { ExecutionsRuntime } from "./executions-runtime";

export const requireExecutions = (deps: AppDeps): ExecutionsRuntime => requireAdapter(deps, "executions");

/**
 * Wires executions driven by any `ExecutionDriver` over any execution store (`drso serve` passes
 * the in-process runner and SQLite, the Lambda API the Step Functions driver and DynamoDB): the
 * execution use cases and the guard that refuses changes to groups and plans an active execution uses.
 */
export function attachExecutionsRuntime(deps: AppDeps, runtime: ExecutionsRuntime): void {
  deps.executions = runtime;
  deps.executionGuard = executionGuard(runtime.store);
}

/** The live state when the runner drives it, else the stored one; 404 when unknown. */
export async function loadExecution(runtime: ExecutionsRuntime, id: string): Promise<ExecutionState> {
  const state = runtime.driver.current(id) ?? (await runtime.store.get(id));
  if (!state) throw new NotFoundError("Execution", id);
  return state;
}

/** Start checks, the transactional claim and the audit entry (`createExecution`), then the driver takes over. */
export async function startExecution(
  deps: AppDeps,
  input: {
    planId: string;
    executionType: ExecutionType;
    pointInTime?: string | undefined;
    allowDegraded?: boolean | undefined;
    excludeServers?: string[] | undefined;
  },
  actor: Actor,
): Promise<Execution> {
  const runtime = requireExecutions(deps);
  const state = await createExecution(runtime.starter, input.planId, input.executionType, actor, {
    ...(input.pointInTime ? { pointInTime: new Date(input.pointInTime) } : {}),
    ...(input.allowDegraded ? { allowDegraded: true } : {}),
    ...(input.excludeServers?.length ? { excludeServers: input.excludeServers } : {}),
  });
  await runtime.driver.started(state);
  return executionView(state);
}

/** A page of executions, newest first, without their plan snapshots. */
export async function listExecutions(
  deps: AppDeps,
  query: {
    status?: ExecutionStatus | undefined;
    planId?: string | undefined;
    limit: number;
    nextToken?: string | undefined;
  },
) {
  const runtime = requireExecutions(deps);
  const { status, planId, limit, nextToken } = query;
  const page = await runtime.store.list(
    { ...(status ? { status } : {}), ...(planId ? { planId } : {}) },
    { limit, ...(nextToken ? { nextToken } : {}) },
  );
  const items = page.items.map((s) => {
    const { planSnapshot: _omitted, ...view } = executionView(runtime.driver.current(s.executionId) ?? s);
    return view;
  });
  return { items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

/** The execution with its latest 500 events, summarised. */
export async function getExecutionDetail(deps: AppDeps, id: string): Promise<ExecutionDetail> {
  const runtime = requireExecutions(deps);
  const state = await loadExecution(runtime, id);
  const events = (await runtime.store.latestEvents(id, 500)).map(({ seq, event }) => {
    const { type, at } = event;
    const actor = "actor" in event ? event.actor : "system";
    const reason = "reason" in event ? event.reason : undefined;
    const subject =
      "waveNumber" in event
        ? { waveNumber: event.waveNumber }
        : "batchId" in event
          ? { batchId: event.batchId }
          : {};
    return { seq, type, timestamp: at, actor, ...(reason ? { reason } : {}), ...subject };
  });
  return { ...executionView(state), events };
}

/**
 * Pause, resume, cancel (or force cancel), retry or terminate: the driver refuses what the state does not allow;
 * what it accepts is audited as `<Action>Execution`.
 */
export async function actOnExecution(
  deps: AppDeps,
  id: string,
  action: UserAction,
  actor: Actor,
): Promise<Execution> {
  const runtime = requireExecutions(deps);
  await loadExecution(runtime, id);
  const after = await runtime.driver.act(id, action, actor.username);
  if (!after) throw new NotFoundError("Execution", id);
  await deps.store.recordAudit(
    auditEntry(
      actor.username,
      `${action[0]?.toUpperCase()}${action.slice(1)}Execution`,
      "execution",
      id,
      {},
      {
        status: after.status,
        ...(action === "forceCancel" && after.cancellation?.reason
          ? { reason: after.cancellation.reason }
          : {}),
      },
      deps.now(),
    ),
  );
  return executionView(after);
}

/** `DELETE /executions`: the finished ones among `ids` (default: every execution); others are kept. */
export async function deleteFinishedExecutions(
  deps: AppDeps,
  ids: string[] | undefined,
  actor: Actor,
): Promise<{ deleted: string[] }> {
  const runtime = requireExecutions(deps);
  let requested = ids;
  if (!requested) {
    requested = [];
    let nextToken: string | undefined;
    do {
      const page = await runtime.store.list({}, { limit: 1000, ...(nextToken ? { nextToken } : {}) });
      requested.push(...page.items.map((s) => s.executionId));
      nextToken = page.nextToken;
    } while (nextToken);
  }
  const deleted = await runtime.store.deleteTerminal(
    requested,
    auditEntry(
      actor.username,
      "DeleteExecutions",
      "execution",
      "*",
      {},
      { requested: requested.length },
      deps.now(),
    ),
  );
  return { deleted };
}

/** Why an execution cannot be deleted now, or undefined when it can. */
function deletionRefusal(s: ExecutionState): string | undefined {
  if (!isTerminalExecutionStatus(s.status)) return `is ${s.status}`;
  if (s.termination.requested && !s.instancesTerminated) return "is terminating its recovery instances";
  return undefined;
}

/** `POST /executions/delete`: all or nothing — 404 for unknown ids, 409 naming every one not finished. */
export async function deleteSelectedExecutions(
  deps: AppDeps,
  executionIds: readonly string[],
  actor: Actor,
): Promise<{ deleted: string[] }> {
  const runtime = requireExecutions(deps);
  const ids = [...new Set(executionIds)];
  const states = await Promise.all(
    ids.map(async (id) => ({ id, state: runtime.driver.current(id) ?? (await runtime.store.get(id)) })),
  );
  const missing = states.filter((s) => !s.state).map((s) => s.id);
  if (missing.length === 1) throw new NotFoundError("Execution", missing[0] as string);
  if (missing.length > 1) throw new NotFoundError("Executions", missing.join(", "));
  const refused = states.flatMap(({ id, state }) => {
    const why = state ? deletionRefusal(state) : undefined;
    return why && state ? [{ executionId: id, status: state.status, reason: why }] : [];
  });
  if (refused.length > 0) {
    throw new InvalidStateError(
      "EXECUTION_NOT_FINISHED",
      `Nothing deleted: ${refused.map((r) => `${r.executionId} ${r.reason}`).join("; ")}`,
      { executions: refused },
    );
  }
  const deleted = await runtime.store.deleteTerminal(
    ids,
    auditEntry(
      actor.username,
      "DeleteExecutions",
      "execution",
      ids.length === 1 ? (ids[0] as string) : "*",
      {},
      { requested: ids },
      deps.now(),
    ),
  );
  return { deleted };
}

/** An execution's state now and a way to follow its changes (the SSE stream of the details page). */
export async function watchExecution(deps: AppDeps, id: string) {
  const runtime = requireExecutions(deps);
  const initial = await loadExecution(runtime, id);
  return {
    initial,
    /** False when the driver sees no changes here (Step Functions): send the state and end. */
    live: runtime.driver.live,
    subscribe: (listener: Parameters<ExecutionsRuntime["driver"]["subscribe"]>[0]) =>
      runtime.driver.subscribe(listener),
  };
}
