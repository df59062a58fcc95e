import { setTimeout as sleep } from "node:timers/promises";

/** Poll `probe` until it returns a value `done` accepts (the simulated job runs in real time, scaled). */
export async function eventually<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  pollMs = 25,
): Promise<T> {
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    await sleep(pollMs);
  }
}
