import { type AuditEntry, DuplicateAccountError, NotFoundError, type TargetAccount } from "@drso/core";
import { PARTITION } from "./config-keys";
import type { ConfigRecords } from "./config-records";
import { transactWrite, withRaceRetry } from "./dynamodb-transaction";

/** Target accounts on DynamoDB: one versioned item each, written with its audit entry. */
export class DynamoDbTargetAccounts {
  constructor(private readonly records: ConfigRecords) {}

  async list(): Promise<TargetAccount[]> {
    const items: TargetAccount[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.records.listRecords<TargetAccount>(PARTITION.account, {
        limit: 1000,
        ...(nextToken ? { nextToken } : {}),
      });
      items.push(...page.items);
      nextToken = page.nextToken;
    } while (nextToken);
    return items;
  }

  async get(accountId: string): Promise<TargetAccount | undefined> {
    return this.records.docOf<TargetAccount>(await this.records.getRecord(PARTITION.account, accountId));
  }

  create(account: TargetAccount, audit: AuditEntry): Promise<void> {
    return withRaceRetry(() =>
      transactWrite(this.records.client, [
        this.records.putRecord(
          PARTITION.account,
          account.accountId,
          account,
          account.version,
          undefined,
          undefined,
          async () => new DuplicateAccountError(account.accountId),
        ),
        this.records.auditWrite(audit),
      ]),
    );
  }

  update(account: TargetAccount, expectedVersion: number, audit: AuditEntry): Promise<void> {
    return withRaceRetry(async () => {
      await this.records.requireVersion(
        PARTITION.account,
        "Target account",
        account.accountId,
        expectedVersion,
      );
      await transactWrite(this.records.client, [
        this.records.updateRecord(
          PARTITION.account,
          account.accountId,
          account,
          expectedVersion,
          undefined,
          "Target account",
        ),
        this.records.auditWrite(audit),
      ]);
    });
  }

  delete(accountId: string, audit: AuditEntry): Promise<void> {
    return withRaceRetry(async () => {
      const current = await this.records.getRecord(PARTITION.account, accountId);
      if (!current) throw new NotFoundError("Target account", accountId);
      await transactWrite(this.records.client, [
        this.records.deleteRecord(PARTITION.account, accountId, current.version, "Target account"),
        this.records.auditWrite(audit),
      ]);
    });
  }
}
