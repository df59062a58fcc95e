import type { Logger } from "pino";

export interface TickLoopOptions {
  /** One tick: decide for the executions that are due. */
  tick: () => Promise<void>;
  /** The earliest time (ms) an execution wants a tick; infinity when none does. */
  nextWakeAt: () => number;
  now: () => Date;
  /** Upper bound of one sleep, so that a clock jump never stalls the runner for long. */
  maxSleepMs?: number;
  logger: Logger;
}

/**
 * The runner's timer: one tick at a time, a tick asked for during another runs right after it,
 * and between ticks one timer set to the earliest wake time of the executions.
 */
export class TickLoop {
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private again = false;
  private halted = false;

  constructor(private readonly options: TickLoopOptions) {}

  get stopped(): boolean {
    return this.halted;
  }

  /** Stops ticking; the tick in progress finishes, nothing new starts. */
  async stop(): Promise<void> {
    this.halted = true;
    if (this.timer) clearTimeout(this.timer);
    await this.ticking;
  }

  /** Runs a tick now (or right after the one in progress) and waits for it. */
  async runNow(): Promise<void> {
    if (this.ticking) {
      this.again = true;
      await this.ticking;
    }
    if (this.ticking) {
      await this.ticking;
      return;
    }
    await this.run();
  }

  /** Asks for a tick soon without waiting for it. */
  kick(): void {
    if (this.halted) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), 0);
  }

  /** Sets the timer to the earliest wake time (none when no execution waits for one). */
  schedule(): void {
    if (this.halted) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const next = this.options.nextWakeAt();
    if (next === Number.POSITIVE_INFINITY) return;
    const delay = Math.min(
      this.options.maxSleepMs ?? 30_000,
      Math.max(0, next - this.options.now().getTime()),
    );
    this.timer = setTimeout(() => void this.run(), delay);
  }

  private run(): Promise<void> {
    if (this.ticking) return this.ticking;
    this.ticking = (async () => {
      try {
        do {
          this.again = false;
          await this.options.tick();
        } while (this.again && !this.halted);
      } catch (error) {
        this.options.logger.error({ err: error }, "runner tick failed");
      } finally {
        this.ticking = undefined;
        this.schedule();
      }
    })();
    return this.ticking;
  }
}
