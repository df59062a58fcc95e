import { isDomainError, isTerminalExecutionStatus } from "@drso/core";
import type { AppDeps } from "../app-deps";
import { reachableAccounts } from "./accounts";

/**
 * `GET /config/health`: what an operator checks before a drill — the store, DRS in every
 * account-region the orchestrator works in, and the execution runner. `/api/health` stays the
 * unauthenticated liveness probe; this one needs a login because it names accounts.
 */

/** A DRS probe slower than this counts as unreachable (the adapters' own retries can take longer). */
const DRS_PROBE_TIMEOUT_MS = 5000;

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

async function probeDrs(deps: AppDeps, accountId: string, region: string) {
  const started = Date.now();
  const launcher = deps.launcher;
  if (!launcher) return { ok: false, message: "DRS adapters are not configured", latencyMs: 0 };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${DRS_PROBE_TIMEOUT_MS} ms`)),
      DRS_PROBE_TIMEOUT_MS,
    );
  });
  try {
    // DescribeJobs from now on: the cheapest call that proves credentials, role and endpoint.
    await Promise.race([launcher.listJobsSince(accountId, region, deps.now()), timeout]);
    return { ok: true, latencyMs: Date.now() - started };
  } catch (error) {
    if (!isDomainError(error) && !(error instanceof Error)) throw error;
    return { ok: false, message: messageOf(error), latencyMs: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

async function executionsCheck(deps: AppDeps) {
  const runtime = deps.executions;
  if (!runtime)
    return {
      ok: false,
      message: "The execution runner is not configured",
      driver: "not-configured" as const,
      unfinished: 0,
      untracked: [],
    };
  try {
    const unfinished = await runtime.store.listUnfinished();
    // The in-process runner holds every unfinished execution; one it does not hold is not advancing.
    const untracked = runtime.driver.live
      ? unfinished
          .filter((s) => !isTerminalExecutionStatus(s.status) && !runtime.driver.current(s.executionId))
          .map((s) => s.executionId)
      : [];
    return {
      ok: untracked.length === 0,
      ...(untracked.length > 0
        ? { message: `${untracked.length} unfinished execution(s) not driven by the runner` }
        : {}),
      driver: runtime.driver.live ? ("in-process" as const) : ("external" as const),
      unfinished: unfinished.length,
      untracked,
    };
  } catch (error) {
    return {
      ok: false,
      message: messageOf(error),
      driver: "in-process" as const,
      unfinished: 0,
      untracked: [],
    };
  }
}

/** The store, DRS in every reachable account-region, and the execution runner ("degraded" names what failed). */
export async function configHealth(deps: AppDeps) {
  const storeStatus = await deps.storeStatus().catch(messageOf);
  const store = storeStatus === "ok" ? { ok: true } : { ok: false, message: storeStatus };
  const accounts = store.ok ? await reachableAccounts(deps) : [];
  const [drs, executions] = await Promise.all([
    Promise.all(
      accounts.flatMap((a) =>
        a.regions.map(async (region) => ({
          accountId: a.accountId,
          region,
          isHome: a.isHome,
          ...(await probeDrs(deps, a.accountId, region)),
        })),
      ),
    ),
    executionsCheck(deps),
  ]);
  const healthy = store.ok && executions.ok && drs.every((d) => d.ok);
  return {
    status: healthy ? ("ok" as const) : ("degraded" as const),
    version: deps.config.version,
    mode: deps.config.mode,
    time: deps.now().toISOString(),
    store,
    drs,
    executions,
  };
}
