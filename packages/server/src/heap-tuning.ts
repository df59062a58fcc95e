import { setFlagsFromString } from "node:v8";

/**
 * V8 lets the heap grow up to 4× the live data between full collections when it judges GC cheap.
 * A serving process's garbage comes in bursts of large, short-lived strings (DRS pages, execution
 * snapshots, JSON bodies), so that growth is mostly garbage, and each rare full collection of it
 * is a long pause. A fixed 1.3× factor keeps a 3,000-server recovery near 200 MB of RSS instead
 * of ~260 MB and the API's p99 at 500 writes/s near 15 ms instead of ~24 ms, for a few percent
 * more GC time (`npm run bench:engine`, `npm run bench:api`). Called by `drso serve` at start.
 */
export function tuneHeapForServing(): void {
  setFlagsFromString("--heap-growing-percent=30");
}
