import { type ExecutionState, LAUNCH_TAGS, type RecoveryLauncher } from "@drso/core";
import type { Logger } from "pino";
import type { RunnerCounters } from "./runner-stats";
import { type TrackedExecution, targetKey } from "./tracked-execution";

/**
 * After a restart (or a crashed Tick on AWS): a launch intent whose StartRecovery result was never
 * stored is either a DRS job carrying its batch id (adopt it: `JobsObserved`) or nothing (launch it
 * again: `LaunchNotFound`). The answers go to the execution's inbox for its next decision.
 */
export async function reconcileLaunchIntents(
  states: readonly ExecutionState[],
  tracked: (executionId: string) => TrackedExecution | undefined,
  ports: { launcher: RecoveryLauncher; logger: Logger; counters: RunnerCounters },
): Promise<void> {
  const { launcher, logger } = ports;
  for (const state of states) {
    const x = tracked(state.executionId);
    if (!x) continue;
    const intents = Object.values(state.batches).filter((b) => b.status === "LAUNCHING");
    const targets = new Map<string, typeof intents>();
    for (const b of intents)
      targets.set(targetKey(b.accountId, b.region), [
        ...(targets.get(targetKey(b.accountId, b.region)) ?? []),
        b,
      ]);
    for (const batches of targets.values()) {
      const first = batches[0];
      if (!first) continue;
      const since =
        Math.min(...batches.map((b) => Date.parse(b.requestedAt ?? state.startTime))) - 5 * 60_000;
      try {
        ports.counters.drsCalls();
        const jobs = await launcher.listJobsSince(first.accountId, first.region, new Date(since));
        const tagged = jobs.filter((j) => j.tags[LAUNCH_TAGS.executionId] === state.executionId);
        const found = new Set(tagged.map((j) => j.tags[LAUNCH_TAGS.batchId]));
        x.inbox.push({
          type: "JobsObserved",
          accountId: first.accountId,
          region: first.region,
          jobs: tagged,
        });
        for (const b of batches)
          if (!found.has(b.batchId)) x.inbox.push({ type: "LaunchNotFound", batchId: b.batchId });
        logger.info(
          {
            executionId: state.executionId,
            adopted: batches.filter((b) => found.has(b.batchId)).length,
            relaunch: batches.filter((b) => !found.has(b.batchId)).length,
          },
          "reconciled launch intents",
        );
      } catch (error) {
        // Without knowing, relaunching could start a batch twice: leave the intents and retry on restart.
        logger.error({ err: error, executionId: state.executionId }, "could not reconcile launch intents");
      }
    }
  }
}
