import type { Database } from "better-sqlite3";
import type { Migration } from "./migration";

export const storeWriteProbeMigration: Migration = {
  name: "store write probe",
  up: (db) =>
    db.exec(`
      CREATE TABLE store_probe (
        id INTEGER PRIMARY KEY,
        probed_at TEXT NOT NULL,
        room BLOB
      );
    `),
};

/** Room the probe asks for: a write that splits pages or stores a large document needs several. */
const HEADROOM_PAGES = 8;

/** Probes run at most this often; health checks in between get the last answer. */
const MIN_PROBE_INTERVAL_MS = 1000;

/**
 * The store status behind `GET /api/health`: a committed write, not only a read, so a read-only
 * file, a full disk or a damaged page on the write path report unhealthy while reads still work.
 * The write also allocates (and frees) a few pages of room: "full" means that much can no longer be
 * added, as with `PRAGMA max_page_count` or a disk with no space left. Throttled so that an
 * unauthenticated caller cannot turn health checks into a stream of synced commits.
 */
export function storeWriteProbe(db: Database, now: () => Date): () => Promise<"ok" | string> {
  const pageSize = db.pragma("page_size", { simple: true }) as number;
  const stamp = db.prepare("INSERT OR REPLACE INTO store_probe (id, probed_at, room) VALUES (1, ?, NULL)");
  const fill = db.prepare("INSERT INTO store_probe (id, probed_at, room) VALUES (2, ?, zeroblob(?))");
  const empty = db.prepare("DELETE FROM store_probe WHERE id = 2");
  const probe = db.transaction((at: string) => {
    stamp.run(at);
    fill.run(at, HEADROOM_PAGES * pageSize);
    empty.run();
  });
  let last: { at: number; status: "ok" | string } | undefined;
  return async () => {
    const at = now();
    if (last && at.getTime() - last.at < MIN_PROBE_INTERVAL_MS && at.getTime() >= last.at) return last.status;
    let status: "ok" | string;
    try {
      probe(at.toISOString());
      status = "ok";
    } catch (e) {
      status = `write probe failed: ${e instanceof Error ? e.message : String(e)}`;
    }
    last = { at: at.getTime(), status };
    return status;
  };
}
