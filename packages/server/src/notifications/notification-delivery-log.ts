import type { NotificationEvent } from "@drso/core";
import type { Database } from "better-sqlite3";
import type { Migration } from "../store/migration";
import { decodePageToken, encodePageToken } from "../store/page-token";

export type DeliveryChannel = "WEBHOOK" | "SNS";
export type DeliveryStatus = "PENDING" | "DELIVERED" | "FAILED";

/** One try of a delivery: the receiver's HTTP status or the error that prevented an answer. */
export interface DeliveryAttempt {
  attempt: number;
  at: string;
  statusCode?: number;
  error?: string;
}

/** One notification sent to one receiver (a webhook URL or the SNS topic), with every attempt. */
export interface NotificationDelivery {
  deliveryId: string;
  notificationId: string;
  channel: DeliveryChannel;
  /** Webhook URL or SNS topic ARN. */
  target: string;
  event: NotificationEvent | "TEST";
  executionId?: string;
  subject: string;
  status: DeliveryStatus;
  attempts: DeliveryAttempt[];
  createdAt: string;
  /** SNS MessageId once published. */
  messageId?: string;
}

export const deliveryLogMigration: Migration = {
  name: "notification delivery log",
  up: (db) =>
    db.exec(`
      CREATE TABLE notification_deliveries (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        delivery_id TEXT NOT NULL UNIQUE,
        execution_id TEXT,
        doc TEXT NOT NULL
      );
      CREATE INDEX notification_deliveries_by_execution ON notification_deliveries (execution_id, seq);
    `),
};

/** The delivery log in the app's SQLite database; a delivery is rewritten after each attempt. */
export class NotificationDeliveryLog {
  constructor(private readonly db: Database) {}

  save(delivery: NotificationDelivery): void {
    this.db
      .prepare(
        `INSERT INTO notification_deliveries (delivery_id, execution_id, doc) VALUES (?, ?, ?)
         ON CONFLICT (delivery_id) DO UPDATE SET doc = excluded.doc`,
      )
      .run(delivery.deliveryId, delivery.executionId ?? null, JSON.stringify(delivery));
  }

  /** Newest first; `executionId` narrows to one execution's deliveries. */
  list(query: { limit: number; nextToken?: string; executionId?: string }): {
    items: NotificationDelivery[];
    nextToken?: string;
  } {
    const before = decodePageToken(query.nextToken) ?? Number.MAX_SAFE_INTEGER;
    const rows = this.db
      .prepare(
        `SELECT seq, doc FROM notification_deliveries
         WHERE seq < ? AND (? IS NULL OR execution_id = ?) ORDER BY seq DESC LIMIT ?`,
      )
      .all(before, query.executionId ?? null, query.executionId ?? null, query.limit + 1) as {
      seq: number;
      doc: string;
    }[];
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => JSON.parse(r.doc) as NotificationDelivery),
      ...(rows.length > query.limit && last ? { nextToken: encodePageToken(last.seq) } : {}),
    };
  }
}
