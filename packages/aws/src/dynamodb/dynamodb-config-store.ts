import { type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type {
  AuditEntry,
  ConfigBundle,
  ConfigStore,
  Page,
  PageRequest,
  ProtectionGroup,
  RecoveryPlan,
  Settings,
  TargetAccount,
} from "@drso/core";
import { auditWrite } from "./audit-item";
import { type ClaimLease, DEFAULT_CLAIM_LEASE } from "./claim-lease";
import { ConfigImport } from "./config-import";
import { PARTITION } from "./config-keys";
import { ConfigRecords, toPage } from "./config-records";
import { DynamoDbProtectionGroups } from "./dynamodb-protection-groups";
import { DynamoDbRecoveryPlans } from "./dynamodb-recovery-plans";
import { DynamoDbSettings } from "./dynamodb-settings";
import { DynamoDbTargetAccounts } from "./dynamodb-target-accounts";
import { transactWrite, withRaceRetry } from "./dynamodb-transaction";
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
 * when refused. Each kind of record has its own module (`dynamodb-protection-groups.ts`, …).
 */
export class DynamoDbConfigStore implements ConfigStore {
  private readonly importer: ConfigImport;
  private readonly groups: DynamoDbProtectionGroups;
  private readonly plans: DynamoDbRecoveryPlans;
  private readonly accounts: DynamoDbTargetAccounts;
  private readonly settings: DynamoDbSettings;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: Pick<TableNames, "config" | "audit">,
    options: DynamoDbStoreOptions = {},
  ) {
    const records = new ConfigRecords(client, tables);
    this.importer = new ConfigImport(records);
    this.groups = new DynamoDbProtectionGroups(records, options.claimLease ?? DEFAULT_CLAIM_LEASE);
    this.plans = new DynamoDbRecoveryPlans(records);
    this.accounts = new DynamoDbTargetAccounts(records);
    this.settings = new DynamoDbSettings(records);
  }

  // ---------- protection groups ----------

  listProtectionGroups(page: PageRequest): Promise<Page<ProtectionGroup>> {
    return this.groups.list(page);
  }

  getProtectionGroup(groupId: string): Promise<ProtectionGroup | undefined> {
    return this.groups.get(groupId);
  }

  createProtectionGroup(group: ProtectionGroup, audit: AuditEntry): Promise<void> {
    return this.groups.create(group, audit);
  }

  updateProtectionGroup(group: ProtectionGroup, expectedVersion: number, audit: AuditEntry): Promise<void> {
    return this.groups.update(group, expectedVersion, audit);
  }

  deleteProtectionGroup(groupId: string, audit: AuditEntry): Promise<void> {
    return this.groups.delete(groupId, audit);
  }

  // ---------- recovery plans ----------

  listRecoveryPlans(page: PageRequest): Promise<Page<RecoveryPlan>> {
    return this.plans.list(page);
  }

  getRecoveryPlan(planId: string): Promise<RecoveryPlan | undefined> {
    return this.plans.get(planId);
  }

  createRecoveryPlan(plan: RecoveryPlan, audit: AuditEntry): Promise<void> {
    return this.plans.create(plan, audit);
  }

  updateRecoveryPlan(plan: RecoveryPlan, expectedVersion: number, audit: AuditEntry): Promise<void> {
    return this.plans.update(plan, expectedVersion, audit);
  }

  deleteRecoveryPlan(planId: string, audit: AuditEntry): Promise<void> {
    return this.plans.delete(planId, audit);
  }

  // ---------- target accounts ----------

  listTargetAccounts(): Promise<TargetAccount[]> {
    return this.accounts.list();
  }

  getTargetAccount(accountId: string): Promise<TargetAccount | undefined> {
    return this.accounts.get(accountId);
  }

  createTargetAccount(account: TargetAccount, audit: AuditEntry): Promise<void> {
    return this.accounts.create(account, audit);
  }

  updateTargetAccount(account: TargetAccount, expectedVersion: number, audit: AuditEntry): Promise<void> {
    return this.accounts.update(account, expectedVersion, audit);
  }

  deleteTargetAccount(accountId: string, audit: AuditEntry): Promise<void> {
    return this.accounts.delete(accountId, audit);
  }

  // ---------- settings ----------

  getSettings(): Promise<Settings> {
    return this.settings.get();
  }

  updateSettings(settings: Settings, expectedVersion: number, audit: AuditEntry): Promise<void> {
    return this.settings.update(settings, expectedVersion, audit);
  }

  // ---------- audit ----------

  async recordAudit(entry: AuditEntry): Promise<void> {
    await transactWrite(this.client, [auditWrite(this.tables.audit, entry)]);
  }

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
