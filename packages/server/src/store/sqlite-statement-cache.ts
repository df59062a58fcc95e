import type { Page, PageRequest } from "@drso/core";
import type { Database, Statement } from "better-sqlite3";
import { decodePageToken, encodePageToken } from "./page-token";

/** A stored record: its insertion sequence (the page cursor) and its JSON document. */
export interface DocRow {
  seq: number;
  doc: string;
}

/**
 * Prepared statements (prepared once per SQL text: preparing costs more than running these small
 * statements) and the list-page cache of one connection.
 */
export class SqliteStatementCache {
  private readonly statements = new Map<string, Statement>();
  private readonly pages = new Map<string, { stamp: string; page: Page<unknown> }>();

  constructor(private readonly db: Database) {}

  get(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * One page of `table` in insertion order. Lists are read far more often than written (the UI
   * polls them), so the last page per query is kept, frozen, while the database is unchanged:
   * `total_changes()` moves with every write on this connection (whatever module makes it),
   * `data_version` with every commit of another connection (CLI, a second process). Frozen pages
   * also let the HTTP layer reuse their serialised JSON.
   */
  page<T>(table: string, request: PageRequest): Page<T> {
    const key = `${table}|${request.limit}|${request.nextToken ?? ""}`;
    const changes = (this.get("SELECT total_changes() AS n").get() as { n: number }).n;
    const stamp = `${changes}:${this.db.pragma("data_version", { simple: true })}`;
    const cached = this.pages.get(key);
    if (cached?.stamp === stamp) return cached.page as Page<T>;
    const after = decodePageToken(request.nextToken) ?? 0;
    const rows = this.get(`SELECT seq, doc FROM ${table} WHERE seq > ? ORDER BY seq LIMIT ?`).all(
      after,
      request.limit + 1,
    ) as DocRow[];
    const result = toPage<T>(rows, request.limit);
    for (const item of result.items) Object.freeze(item);
    Object.freeze(result.items);
    Object.freeze(result);
    if (this.pages.size > 200) this.pages.clear();
    this.pages.set(key, { stamp, page: result });
    return result;
  }
}

/** Rows fetched with one extra (`limit + 1`) become a page with a `nextToken` when there is more. */
export function toPage<T>(rows: DocRow[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map((r) => JSON.parse(r.doc) as T),
    ...(rows.length > limit && last ? { nextToken: encodePageToken(last.seq) } : {}),
  };
}
