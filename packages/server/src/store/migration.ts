import type { Database } from "better-sqlite3";

/**
 * One step of the SQLite schema. The ordered list lives in `migrations.ts`; modules that own tables
 * (executions, the notification delivery log) define their step beside their code.
 */
export interface Migration {
  name: string;
  up(db: Database): void;
}
