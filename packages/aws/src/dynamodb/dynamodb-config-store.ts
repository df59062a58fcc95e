import { randomUUID } from "node:crypto";
import { type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import {
  type AuditEntry,
  type ConfigBundle,
  type ConfigStore,
  DuplicateAccountError,
  defaultSettingsValues,
  NotFoundError,
  type Page,
  type PageRequest,
  type ProtectionGroup,
  type RecoveryPlan,
  type Settings,
  StaleVersionError,
  type TargetAccount,
} from "@drso/core";
import { type ClaimedChange, writeClaimedChange } from "./chunked-claim-write";
import { type ClaimLease, type ClaimStamp, DEFAULT_CLAIM_LEASE } from "./claim-lease";
import { ConfigImport } from "./config-import";
import { nameKey, PARTITION, recordKey } from "./config-keys";
import { ConfigRecords, claimKeysOf, groupIdsOf, toPage } from "./config-records";
import { type GuardedWrite, transactWrite, withRaceRetry } from "./dynamodb-transaction";
import { GroupServerClaims } from "./group-server-claims";
import type { ItemKey } from "./page-token";
import { decodeKeyToken } from "./page-token";
import type { TableNames } from "./table-schema";

export interface DynamoDbStoreOptions {
  /** Lease and clock of chunked server claims (`claim-lease.ts`); tests move the clock. */
  claimLease?: ClaimLease;
}

/**
 * ConfigStore on DynamoDB with the guarantees of the SQLite store: every write, its uniqueness
 * items and its audit entry go in one TransactWriteItems call, conditioned on what was read
 * (record version, name and server claims, plan references), so concurrent requests cannot break
 * a rule; a lost race re-reads and decides again. A group with more servers than one call holds
 * claims them in chunks first and commits last (`chunked-claim-write.ts`), undoing its claims
 * when refused.
 */
export class DynamoDbConfigStore implements ConfigStore {
  private readonly records: ConfigRecords;
  private readonly importer: ConfigImport;
  private readonly claims: GroupServerClaims;
  private readonly lease: ClaimLease;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: Pick<TableNames, "config" | "audit">,
    options: DynamoDbStoreOptions = {},
  ) {
    this.lease = options.claimLease ?? DEFAULT_CLAIM_LEASE;
    this.records = new ConfigRecords(client, tables);
    this.importer = new ConfigImport(this.records);
    this.claims = new GroupServerClaims(this.records, this.lease);
  }

  /** One change of a group's server set: its claims and releases around the commit writes. */
  private groupChange(
    group: ProtectionGroup,
    before: Map<string, ItemKey>,
    claimVersion: number,
    commit: GuardedWrite[],
  ): ClaimedChange {
    const stamp: ClaimStamp = { attemptId: randomUUID(), claimVersion, claimedAt: this.lease.now() };
    const { claims, releases } = this.claims.changes(group, before, stamp);
    return { table: this.tables.config, attemptId: stamp.attemptId, claims, commit, releases };
  }

  // ---------- protection groups ----------

  listProtectionGroups(page: PageRequest): Promise<Page<ProtectionGroup>> {
    return this.records.listRecords<ProtectionGroup>(PARTITION.group, page);
  }

  async getProtectionGroup(groupId: string): Promise<ProtectionGroup | undefined> {
    return this.records.docOf<ProtectionGroup>(await this.records.getRecord(PARTITION.group, groupId));
  }

  createProtectionGroup(group: ProtectionGroup, audit: AuditEntry): Promise<void> {
    return withRaceRetry(async () => {
      const commit = [
        this.records.putRecord(
          PARTITION.group,
          group.groupId,
          group,
          group.version,
          nameKey(group.groupName),
          undefined,
          () => this.records.duplicateId("Protection group", group.groupId),
        ),
        ...this.records.nameWrites(
          PARTITION.groupName,
          undefined,
          group.groupName,
          group.groupId,
          "protection group",
        ),
        this.records.auditWrite(audit),
      ];
      await writeClaimedChange(this.client, this.groupChange(group, new Map(), group.version, commit));
    });
  }

  updateProtectionGroup(group: ProtectionGroup, expectedVersion: number, audit: AuditEntry): Promise<void> {
    return withRaceRetry(async () => {
      const current = await this.records.requireVersion(
        PARTITION.group,
        "Protection group",
        group.groupId,
        expectedVersion,
      );
      const before = JSON.parse(current.doc) as ProtectionGroup;
      const commit = [
        this.records.updateRecord(
          PARTITION.group,
          group.groupId,
          group,
          expectedVersion,
          nameKey(group.groupName),
          "Protection group",
        ),
        ...this.records.nameWrites(
          PARTITION.groupName,
          before.groupName,
          group.groupName,
          group.groupId,
          "protection group",
        ),
        this.records.auditWrite(audit),
      ];
      await writeClaimedChange(
        this.client,
        this.groupChange(group, claimKeysOf(before), group.version, commit),
      );
    });
  }

  deleteProtectionGroup(groupId: string, audit: AuditEntry): Promise<void> {
    return withRaceRetry(async () => {
      const current = await this.records.getRecord(PARTITION.group, groupId);
      if (!current) throw new NotFoundError("Protection group", groupId);
      if (current.planRefs && current.planRefs.size > 0)
        throw await this.records.groupInUse(groupId, current.planRefs);
      const group = JSON.parse(current.doc) as ProtectionGroup;
      const commit: GuardedWrite[] = [
        {
          item: {
            Delete: {
              TableName: this.tables.config,
              Key: recordKey(PARTITION.group, groupId),
              ConditionExpression: "version = :v AND attribute_not_exists(planRefs)",
              ExpressionAttributeValues: { ":v": current.version },
            },
          },
          explain: async () => {
            const now = await this.records.getRecord(PARTITION.group, groupId);
            if (!now) return new NotFoundError("Protection group", groupId);
            if (now.planRefs && now.planRefs.size > 0) return this.records.groupInUse(groupId, now.planRefs);
            return new StaleVersionError("Protection group", groupId, current.version, now.version);
          },
        },
        ...this.records.nameWrites(
          PARTITION.groupName,
          group.groupName,
          undefined,
          groupId,
          "protection group",
        ),
        this.records.auditWrite(audit),
      ];
      // Releases only claims made up to the deleted version.
      const released = { ...group, serverIds: [] };
      await writeClaimedChange(
        this.client,
        this.groupChange(released, claimKeysOf(group), current.version + 1, commit),
      );
    });
  }

  // ---------- recovery plans ----------

  listRecoveryPlans(page: PageRequest): Promise<Page<RecoveryPlan>> {
    return this.records.listRecords<RecoveryPlan>(PARTITION.plan, page);
  }

  async getRecoveryPlan(planId: string): Promise<RecoveryPlan | undefined> {
    return this.records.docOf<RecoveryPlan>(await this.records.getRecord(PARTITION.plan, planId));
  }

  createRecoveryPlan(plan: RecoveryPlan, audit: AuditEntry): Promise<void> {
    return withRaceRetry(async () => {
      await transactWrite(this.client, [
        this.records.putRecord(
          PARTITION.plan,
          plan.planId,
          plan,
          plan.version,
          nameKey(plan.planName),
          undefined,
          () => this.records.duplicateId("Recovery plan", plan.planId),
        ),
        ...this.records.nameWrites(
          PARTITION.planName,
          undefined,
          plan.planName,
          plan.planId,
          "recovery plan",
        ),
        ...this.records.planRefWrites(plan.planId, new Set(), groupIdsOf(plan)),
        this.records.auditWrite(audit),
      ]);
    });
  }

  updateRecoveryPlan(plan: RecoveryPlan, expectedVersion: number, audit: AuditEntry): Promise<void> {
    return withRaceRetry(async () => {
      const current = await this.records.requireVersion(
        PARTITION.plan,
        "Recovery plan",
        plan.planId,
        expectedVersion,
      );
      const before = JSON.parse(current.doc) as RecoveryPlan;
      await transactWrite(this.client, [
        this.records.updateRecord(
          PARTITION.plan,
          plan.planId,
          plan,
          expectedVersion,
          nameKey(plan.planName),
          "Recovery plan",
        ),
        ...this.records.nameWrites(
          PARTITION.planName,
          before.planName,
          plan.planName,
          plan.planId,
          "recovery plan",
        ),
        ...this.records.planRefWrites(plan.planId, groupIdsOf(before), groupIdsOf(plan)),
        this.records.auditWrite(audit),
      ]);
    });
  }

  deleteRecoveryPlan(planId: string, audit: AuditEntry): Promise<void> {
    return withRaceRetry(async () => {
      const current = await this.records.getRecord(PARTITION.plan, planId);
      if (!current) throw new NotFoundError("Recovery plan", planId);
      const plan = JSON.parse(current.doc) as RecoveryPlan;
      await transactWrite(this.client, [
        this.records.deleteRecord(PARTITION.plan, planId, current.version, "Recovery plan"),
        ...this.records.nameWrites(PARTITION.planName, plan.planName, undefined, planId, "recovery plan"),
        ...this.records.planRefWrites(planId, groupIdsOf(plan), new Set()),
        this.records.auditWrite(audit),
      ]);
    });
  }

  // ---------- target accounts ----------

  async listTargetAccounts(): Promise<TargetAccount[]> {
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

  async getTargetAccount(accountId: string): Promise<TargetAccount | undefined> {
    return this.records.docOf<TargetAccount>(await this.records.getRecord(PARTITION.account, accountId));
  }

  createTargetAccount(account: TargetAccount, audit: AuditEntry): Promise<void> {
    return withRaceRetry(() =>
      transactWrite(this.client, [
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

  updateTargetAccount(account: TargetAccount, expectedVersion: number, audit: AuditEntry): Promise<void> {
    return withRaceRetry(async () => {
      await this.records.requireVersion(
        PARTITION.account,
        "Target account",
        account.accountId,
        expectedVersion,
      );
      await transactWrite(this.client, [
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

  deleteTargetAccount(accountId: string, audit: AuditEntry): Promise<void> {
    return withRaceRetry(async () => {
      const current = await this.records.getRecord(PARTITION.account, accountId);
      if (!current) throw new NotFoundError("Target account", accountId);
      await transactWrite(this.client, [
        this.records.deleteRecord(PARTITION.account, accountId, current.version, "Target account"),
        this.records.auditWrite(audit),
      ]);
    });
  }

  // ---------- settings ----------

  async getSettings(): Promise<Settings> {
    const stored = this.records.docOf<Settings>(
      await this.records.getRecord(PARTITION.settings, PARTITION.settings),
    );
    // Until the first update the defaults are the settings (version 1), as in the SQLite store.
    return (
      stored ?? {
        ...defaultSettingsValues(),
        version: 1,
        createdDate: new Date(0).toISOString(),
        lastModifiedDate: new Date(0).toISOString(),
        createdBy: "system",
        lastModifiedBy: "system",
      }
    );
  }

  updateSettings(settings: Settings, expectedVersion: number, audit: AuditEntry): Promise<void> {
    return withRaceRetry(async () => {
      const current = await this.getSettings();
      if (current.version !== expectedVersion)
        throw new StaleVersionError("Settings", "settings", expectedVersion, current.version);
      const stale = async () =>
        new StaleVersionError("Settings", "settings", expectedVersion, (await this.getSettings()).version);
      await transactWrite(this.client, [
        {
          item: {
            Put: {
              TableName: this.tables.config,
              Item: {
                ...recordKey(PARTITION.settings, PARTITION.settings),
                doc: JSON.stringify(settings),
                version: settings.version,
              },
              ConditionExpression:
                expectedVersion === 1
                  ? "attribute_not_exists(pk) OR version = :expected"
                  : "version = :expected",
              ExpressionAttributeValues: { ":expected": expectedVersion },
            },
          },
          explain: stale,
        },
        this.records.auditWrite(audit),
      ]);
    });
  }

  // ---------- audit ----------

  async listAudit(page: PageRequest & { resourceId?: string }): Promise<Page<AuditEntry>> {
    const byResource = page.resourceId !== undefined;
    const keyAttributes = byResource ? ["pk", "sk", "resourceId"] : ["pk", "sk"];
    const start = decodeKeyToken(page.nextToken, keyAttributes);
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tables.audit,
        ...(byResource
          ? {
              IndexName: "ResourceIndex",
              KeyConditionExpression: "resourceId = :r",
              ExpressionAttributeValues: { ":r": page.resourceId },
            }
          : { KeyConditionExpression: "pk = :p", ExpressionAttributeValues: { ":p": PARTITION.audit } }),
        ScanIndexForward: false,
        Limit: page.limit + 1,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    return toPage<AuditEntry>(result.Items ?? [], page.limit, keyAttributes);
  }

  importConfig(bundle: ConfigBundle, audit: AuditEntry): Promise<void> {
    return withRaceRetry(async () => transactWrite(this.client, await this.importer.writes(bundle, audit)));
  }
}
