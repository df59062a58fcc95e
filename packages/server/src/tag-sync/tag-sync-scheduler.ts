import { tagSyncSettingsOf } from "@drso/core";
import { reachableAccounts } from "../services/accounts";
import { runTagSync, type TagSyncDeps } from "../services/tag-sync";

/** How often the scheduler looks at the settings; the sync itself runs every `intervalMinutes`. */
const CHECK_EVERY_MS = 60_000;

/**
 * The local runner's scheduled tag sync: when enabled in the settings, syncs every reachable
 * account-region once per interval (the AWS deployment uses an EventBridge schedule instead).
 */
export class TagSyncScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private lastRunAt = 0;

  constructor(
    private readonly deps: TagSyncDeps,
    private readonly checkEveryMs = CHECK_EVERY_MS,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.runIfDue()
        .catch((error: unknown) => this.deps.logger.warn({ err: error }, "scheduled tag sync failed"))
        .finally(() => {
          this.running = undefined;
        });
    }, this.checkEveryMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Runs a sync when enabled and the interval has passed since the last one. */
  async runIfDue(): Promise<boolean> {
    const tagSync = tagSyncSettingsOf(await this.deps.store.getSettings());
    const now = this.deps.now().getTime();
    if (!tagSync.enabled || now - this.lastRunAt < tagSync.intervalMinutes * 60_000) return false;
    this.lastRunAt = now;
    for (const account of await reachableAccounts(this.deps)) {
      for (const region of account.regions) {
        try {
          const outcome = await runTagSync(this.deps, {
            accountId: account.accountId,
            region,
            ...(tagSync.tagKeys ? { tagKeys: tagSync.tagKeys } : {}),
            dryRun: false,
          });
          if (outcome.applied > 0 || outcome.failures.length > 0)
            this.deps.logger.info(
              { accountId: account.accountId, region, applied: outcome.applied, failures: outcome.failures },
              "scheduled tag sync",
            );
        } catch (error) {
          // An unreachable account must not stop the sync of the others.
          this.deps.logger.warn(
            { err: error, accountId: account.accountId, region },
            "scheduled tag sync failed",
          );
        }
      }
    }
    return true;
  }
}
