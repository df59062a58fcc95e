import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import {
  type AuditEntry,
  type ConfigBundle,
  type ConfigStore,
  ConflictError,
  defaultSettingsValues,
  NotFoundError,
  type Page,
  type PageRequest,
  type ProtectionGroup,
  type RecoveryPlan,
  type Settings,
  type TargetAccount,
  ValidationError,
} from "@drso/core";
import { auditWrite } from "./audit-item";
import { nameKey, PARTITION, recordKey, serverClaimKey } from "./config-keys";
import { type GuardedWrite, transactWrite, withRaceRetry } from "./dynamodb-transaction";
import { decodeKeyToken, encodeKeyToken, type ItemKey } from "./page-token";
import type { TableNames } from "./table-schema";

/** A stored record: the document as JSON (exact round trip) plus the attributes conditions use. */
interface RecordItem {
  pk: string;
  sk: string;
  doc: string;
  version: number;
  nameKey?: string;
  /** Protection groups only: the plans that reference the group (delete is refused while set). */
  planRefs?: Set<string>;
  /** Recovery plans only: written by the execution store. */
  lastExecutionId?: string;
  lastExecutionStatus?: string;
}

const claimKeysOf = (g: ProtectionGroup): Map<string, ItemKey> =>
  new Map(
    (g.serverIds ?? []).map((id) => {
      const key = serverClaimKey(g.accountId, g.region, id);
      return [key.sk, key];
    }),
  );
const groupIdsOf = (p: RecoveryPlan): Set<string> => new Set(p.waves.flatMap((w) => w.protectionGroupIds));

/**
 * ConfigStore on DynamoDB with the guarantees of the SQLite store: every write, its uniqueness
 * items and its audit entry go in one TransactWriteItems call, conditioned on what was read
 * (record version, name and server claims, plan references), so concurrent requests cannot break
 * a rule; a lost race re-reads and decides again.
 */
export class DynamoDbConfigStore implements ConfigStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: Pick<TableNames, "config" | "audit">,
  ) {}

  // ---------- protection groups ----------

  listProtectionGroups(page: PageRequest): Promise<Page<ProtectionGroup>> {
    return this.listRecords<ProtectionGroup>(PARTITION.group, page);
  }

  async getProtectionGroup(groupId: string): Promise<ProtectionGroup | undefined> {
    return this.docOf<ProtectionGroup>(await this.getRecord(PARTITION.group, groupId));
  }

  createProtectionGroup(group: ProtectionGroup, audit: AuditEntry): Promise<void> {
    return withRaceRetry(async () => {
      await transactWrite(this.client, [
        this.putRecord(
          PARTITION.group,
          group.groupId,
          group,
          group.version,
          nameKey(group.groupName),
          undefined,
          () => this.duplicateId("Protection group", group.groupId),
        ),
        ...this.nameWrites(
          PARTITION.groupName,
          undefined,
          group.groupName,
          group.groupId,
          "protection group",
        ),
        ...this.claimWrites(group, new Map()),
        this.auditWrite(audit),
      ]);
    });
  }

  updateProtectionGroup(group: ProtectionGroup, expectedVersion: number, audit: AuditEntry): Promise<void> {
    return withRaceRetry(async () => {
      const current = await this.requireVersion(
        PARTITION.group,
        "Protection group",
        group.groupId,
        expectedVersion,
      );
      const before = JSON.parse(current.doc) as ProtectionGroup;
      await transactWrite(this.client, [
        this.updateRecord(
          PARTITION.group,
          group.groupId,
          group,
          expectedVersion,
          nameKey(group.groupName),
          "Protection group",
        ),
        ...this.nameWrites(
          PARTITION.groupName,
          before.groupName,
          group.groupName,
          group.groupId,
          "protection group",
        ),
        ...this.claimWrites(group, claimKeysOf(before)),
        this.auditWrite(audit),
      ]);
    });
  }

  deleteProtectionGroup(groupId: string, audit: AuditEntry): Promise<void> {
    return withRaceRetry(async () => {
      const current = await this.getRecord(PARTITION.group, groupId);
      if (!current) throw new NotFoundError("Protection group", groupId);
      if (current.planRefs && current.planRefs.size > 0)
        throw await this.groupInUse(groupId, current.planRefs);
      const group = JSON.parse(current.doc) as ProtectionGroup;
      await transactWrite(this.client, [
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
            const now = await this.getRecord(PARTITION.group, groupId);
            if (!now) return new NotFoundError("Protection group", groupId);
            if (now.planRefs && now.planRefs.size > 0) return this.groupInUse(groupId, now.planRefs);
            return staleVersion("Protection group", groupId, current.version, now.version);
          },
        },
        ...this.nameWrites(PARTITION.groupName, group.groupName, undefined, groupId, "protection group"),
        ...this.claimWrites({ ...group, serverIds: [] }, claimKeysOf(group)),
        this.auditWrite(audit),
      ]);
    });
  }

  // ---------- recovery plans ----------

  listRecoveryPlans(page: PageRequest): Promise<Page<RecoveryPlan>> {
    return this.listRecords<RecoveryPlan>(PARTITION.plan, page);
  }

  async getRecoveryPlan(planId: string): Promise<RecoveryPlan | undefined> {
    return this.docOf<RecoveryPlan>(await this.getRecord(PARTITION.plan, planId));
  }

  createRecoveryPlan(plan: RecoveryPlan, audit: AuditEntry): Promise<void> {
    return withRaceRetry(async () => {
      await transactWrite(this.client, [
        this.putRecord(
          PARTITION.plan,
          plan.planId,
          plan,
          plan.version,
          nameKey(plan.planName),
          undefined,
          () => this.duplicateId("Recovery plan", plan.planId),
        ),
        ...this.nameWrites(PARTITION.planName, undefined, plan.planName, plan.planId, "recovery plan"),
        ...this.planRefWrites(plan.planId, new Set(), groupIdsOf(plan)),
        this.auditWrite(audit),
      ]);
    });
  }

  updateRecoveryPlan(plan: RecoveryPlan, expectedVersion: number, audit: AuditEntry): Promise<void> {
    return withRaceRetry(async () => {
      const current = await this.requireVersion(
        PARTITION.plan,
        "Recovery plan",
        plan.planId,
        expectedVersion,
      );
      const before = JSON.parse(current.doc) as RecoveryPlan;
      await transactWrite(this.client, [
        this.updateRecord(
          PARTITION.plan,
          plan.planId,
          plan,
          expectedVersion,
          nameKey(plan.planName),
          "Recovery plan",
        ),
        ...this.nameWrites(PARTITION.planName, before.planName, plan.planName, plan.planId, "recovery plan"),
        ...this.planRefWrites(plan.planId, groupIdsOf(before), groupIdsOf(plan)),
        this.auditWrite(audit),
      ]);
    });
  }

  deleteRecoveryPlan(planId: string, audit: AuditEntry): Promise<void> {
    return withRaceRetry(async () => {
      const current = await this.getRecord(PARTITION.plan, planId);
      if (!current) throw new NotFoundError("Recovery plan", planId);
      const plan = JSON.parse(current.doc) as RecoveryPlan;
      await transactWrite(this.client, [
        this.deleteRecord(PARTITION.plan, planId, current.version, "Recovery plan"),
        ...this.nameWrites(PARTITION.planName, plan.planName, undefined, planId, "recovery plan"),
        ...this.planRefWrites(planId, groupIdsOf(plan), new Set()),
        this.auditWrite(audit),
      ]);
    });
  }

  // ---------- target accounts ----------

  async listTargetAccounts(): Promise<TargetAccount[]> {
    const items: TargetAccount[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.listRecords<TargetAccount>(PARTITION.account, {
        limit: 1000,
        ...(nextToken ? { nextToken } : {}),
      });
      items.push(...page.items);
      nextToken = page.nextToken;
    } while (nextToken);
    return items;
  }

  async getTargetAccount(accountId: string): Promise<TargetAccount | undefined> {
    return this.docOf<TargetAccount>(await this.getRecord(PARTITION.account, accountId));
  }

  createTargetAccount(account: TargetAccount, audit: AuditEntry): Promise<void> {
    return withRaceRetry(() =>
      transactWrite(this.client, [
        this.putRecord(
          PARTITION.account,
          account.accountId,
          account,
          account.version,
          undefined,
          undefined,
          async () =>
            new ConflictError(
              "DUPLICATE_ACCOUNT",
              `Target account ${account.accountId} is already registered`,
              {
                accountId: account.accountId,
              },
            ),
        ),
        this.auditWrite(audit),
      ]),
    );
  }

  updateTargetAccount(account: TargetAccount, expectedVersion: number, audit: AuditEntry): Promise<void> {
    return withRaceRetry(async () => {
      await this.requireVersion(PARTITION.account, "Target account", account.accountId, expectedVersion);
      await transactWrite(this.client, [
        this.updateRecord(
          PARTITION.account,
          account.accountId,
          account,
          expectedVersion,
          undefined,
          "Target account",
        ),
        this.auditWrite(audit),
      ]);
    });
  }

  deleteTargetAccount(accountId: string, audit: AuditEntry): Promise<void> {
    return withRaceRetry(async () => {
      const current = await this.getRecord(PARTITION.account, accountId);
      if (!current) throw new NotFoundError("Target account", accountId);
      await transactWrite(this.client, [
        this.deleteRecord(PARTITION.account, accountId, current.version, "Target account"),
        this.auditWrite(audit),
      ]);
    });
  }

  // ---------- settings ----------

  async getSettings(): Promise<Settings> {
    const stored = this.docOf<Settings>(await this.getRecord(PARTITION.settings, PARTITION.settings));
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
        throw staleVersion("Settings", "settings", expectedVersion, current.version);
      const stale = async () =>
        staleVersion("Settings", "settings", expectedVersion, (await this.getSettings()).version);
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
        this.auditWrite(audit),
      ]);
    });
  }

  // ---------- import ----------

  importConfig(bundle: ConfigBundle, audit: AuditEntry): Promise<void> {
    return withRaceRetry(async () => {
      const writes: GuardedWrite[] = [];
      for (const account of bundle.targetAccounts) {
        const current = await this.getRecord(PARTITION.account, account.accountId);
        writes.push(
          this.upsertWrite(
            PARTITION.account,
            account.accountId,
            account,
            current,
            undefined,
            "Target account",
          ),
        );
      }

      // Current state of every group the bundle touches, so claims and names move as one change.
      const bundleGroupIds = bundle.protectionGroups.map((g) => g.groupId);
      const currentGroups = new Map<string, RecordItem>();
      for (const id of bundleGroupIds) {
        const item = await this.getRecord(PARTITION.group, id);
        if (item) currentGroups.set(id, item);
      }
      const planRefDelta = await this.importPlanRefDelta(bundle.recoveryPlans);
      for (const group of bundle.protectionGroups) {
        const current = currentGroups.get(group.groupId);
        const refs = new Set(current?.planRefs ?? []);
        for (const planId of planRefDelta.get(group.groupId)?.removed ?? []) refs.delete(planId);
        for (const planId of planRefDelta.get(group.groupId)?.added ?? []) refs.add(planId);
        planRefDelta.delete(group.groupId);
        writes.push(
          this.upsertWrite(
            PARTITION.group,
            group.groupId,
            group,
            current,
            nameKey(group.groupName),
            "Protection group",
            refs,
          ),
        );
      }
      writes.push(
        ...this.bundleNameWrites(
          PARTITION.groupName,
          bundle.protectionGroups.map((g) => ({ id: g.groupId, name: g.groupName })),
          [...currentGroups.values()].map((i) => ({
            id: i.sk,
            name: (JSON.parse(i.doc) as ProtectionGroup).groupName,
          })),
          "protection group",
        ),
        ...this.bundleClaimWrites(
          bundle.protectionGroups,
          [...currentGroups.values()].map((i) => JSON.parse(i.doc) as ProtectionGroup),
        ),
      );

      const currentPlans: { id: string; name: string }[] = [];
      for (const plan of bundle.recoveryPlans) {
        const current = await this.getRecord(PARTITION.plan, plan.planId);
        if (current)
          currentPlans.push({ id: plan.planId, name: (JSON.parse(current.doc) as RecoveryPlan).planName });
        writes.push(
          this.upsertWrite(
            PARTITION.plan,
            plan.planId,
            plan,
            current,
            nameKey(plan.planName),
            "Recovery plan",
          ),
        );
      }
      writes.push(
        ...this.bundleNameWrites(
          PARTITION.planName,
          bundle.recoveryPlans.map((p) => ({ id: p.planId, name: p.planName })),
          currentPlans,
          "recovery plan",
        ),
      );
      // Groups outside the bundle: reference changes must find the group (else the plan is refused).
      for (const [groupId, delta] of planRefDelta) {
        if (delta.added.length > 0 && delta.removed.length > 0) {
          // One update cannot both ADD to and DELETE from a set: write the resulting set instead.
          const current = await this.getRecord(PARTITION.group, groupId);
          if (!current) throw unknownGroup(groupId);
          const refs = new Set(current.planRefs ?? []);
          for (const id of delta.removed) refs.delete(id);
          for (const id of delta.added) refs.add(id);
          const group = JSON.parse(current.doc) as ProtectionGroup;
          writes.push(
            this.updateRecord(
              PARTITION.group,
              groupId,
              group,
              current.version,
              undefined,
              "Protection group",
              refs,
            ),
          );
        } else {
          writes.push(...this.refUpdate(groupId, delta.added, delta.removed));
        }
      }
      writes.push(this.auditWrite(audit));
      await transactWrite(this.client, writes);
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

  // ---------- building blocks ----------

  private async getRecord(partition: string, id: string): Promise<RecordItem | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tables.config, Key: recordKey(partition, id), ConsistentRead: true }),
    );
    return result.Item as RecordItem | undefined;
  }

  private docOf<T>(item: RecordItem | undefined): T | undefined {
    if (!item) return undefined;
    const doc = JSON.parse(item.doc) as T;
    // Plans: the execution store keeps the last execution beside the document (no version bump).
    return item.lastExecutionId
      ? { ...doc, lastExecutionId: item.lastExecutionId, lastExecutionStatus: item.lastExecutionStatus }
      : doc;
  }

  private async listRecords<T>(partition: string, page: PageRequest): Promise<Page<T>> {
    const start = decodeKeyToken(page.nextToken, ["pk", "sk"]);
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tables.config,
        KeyConditionExpression: "pk = :p",
        ExpressionAttributeValues: { ":p": partition },
        Limit: page.limit + 1,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    return toPage<T>(result.Items ?? [], page.limit, ["pk", "sk"]);
  }

  private async requireVersion(
    partition: string,
    kind: string,
    id: string,
    expected: number,
  ): Promise<RecordItem> {
    const current = await this.getRecord(partition, id);
    if (!current) throw new NotFoundError(kind, id);
    if (current.version !== expected) throw staleVersion(kind, id, expected, current.version);
    return current;
  }

  private putRecord(
    partition: string,
    id: string,
    doc: unknown,
    version: number,
    name: string | undefined,
    planRefs: Set<string> | undefined,
    explain: () => Promise<Error>,
  ): GuardedWrite {
    return {
      item: {
        Put: {
          TableName: this.tables.config,
          Item: {
            ...recordKey(partition, id),
            doc: JSON.stringify(doc),
            version,
            ...(name !== undefined ? { nameKey: name } : {}),
            ...(planRefs && planRefs.size > 0 ? { planRefs } : {}),
          },
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
      explain,
    };
  }

  /** Replaces the document only (a group's `planRefs` are kept), if the version is still `expected`. */
  private updateRecord(
    partition: string,
    id: string,
    doc: { version: number },
    expected: number,
    name: string | undefined,
    kind: string,
    planRefs?: Set<string>,
  ): GuardedWrite {
    const refs = planRefs === undefined ? "" : planRefs.size > 0 ? ", planRefs = :refs" : " REMOVE planRefs";
    return {
      item: {
        Update: {
          TableName: this.tables.config,
          Key: recordKey(partition, id),
          UpdateExpression: `SET doc = :doc, version = :v${name !== undefined ? ", nameKey = :name" : ""}${refs}`,
          ConditionExpression: "version = :expected",
          ExpressionAttributeValues: {
            ":doc": JSON.stringify(doc),
            ":v": doc.version,
            ":expected": expected,
            ...(name !== undefined ? { ":name": name } : {}),
            ...(planRefs && planRefs.size > 0 ? { ":refs": planRefs } : {}),
          },
        },
      },
      explain: async () => {
        const now = await this.getRecord(partition, id);
        return now ? staleVersion(kind, id, expected, now.version) : new NotFoundError(kind, id);
      },
    };
  }

  private deleteRecord(partition: string, id: string, expected: number, kind: string): GuardedWrite {
    return {
      item: {
        Delete: {
          TableName: this.tables.config,
          Key: recordKey(partition, id),
          ConditionExpression: "version = :v",
          ExpressionAttributeValues: { ":v": expected },
        },
      },
      explain: async () => {
        const now = await this.getRecord(partition, id);
        return now ? staleVersion(kind, id, expected, now.version) : new NotFoundError(kind, id);
      },
    };
  }

  /** Import: insert a new record at version 1, or replace an existing one at its version + 1. */
  private upsertWrite(
    partition: string,
    id: string,
    doc: object,
    current: RecordItem | undefined,
    name: string | undefined,
    kind: string,
    planRefs?: Set<string>,
  ): GuardedWrite {
    const version = (current?.version ?? 0) + 1;
    if (!current) {
      return this.putRecord(partition, id, { ...doc, version }, version, name, planRefs, () =>
        this.duplicateId(kind, id),
      );
    }
    return this.updateRecord(partition, id, { ...doc, version }, current.version, name, kind, planRefs);
  }

  private nameWrites(
    partition: string,
    before: string | undefined,
    after: string | undefined,
    ownerId: string,
    kind: string,
  ): GuardedWrite[] {
    if (before !== undefined && after !== undefined && nameKey(before) === nameKey(after)) return [];
    const writes: GuardedWrite[] = [];
    if (after !== undefined) {
      writes.push({
        item: {
          Put: {
            TableName: this.tables.config,
            Item: { ...recordKey(partition, nameKey(after)), ownerId, name: after.trim() },
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
        explain: () => this.duplicateName(partition, after, kind),
      });
    }
    if (before !== undefined) {
      writes.push({
        item: {
          Delete: {
            TableName: this.tables.config,
            Key: recordKey(partition, nameKey(before)),
            ConditionExpression: "ownerId = :owner",
            ExpressionAttributeValues: { ":owner": ownerId },
          },
        },
      });
    }
    return writes;
  }

  /** Claim items for the servers `group` now holds that it did not (`before`), release the others. */
  private claimWrites(group: ProtectionGroup, before: Map<string, ItemKey>): GuardedWrite[] {
    const after = claimKeysOf(group);
    const writes: GuardedWrite[] = [];
    for (const [sk, key] of after) {
      if (before.has(sk)) continue;
      writes.push({
        item: {
          Put: {
            TableName: this.tables.config,
            Item: { ...key, groupId: group.groupId },
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
        explain: () => this.serverTaken(key),
      });
    }
    for (const [sk, key] of before) {
      if (after.has(sk)) continue;
      writes.push({
        item: {
          Delete: {
            TableName: this.tables.config,
            Key: key,
            ConditionExpression: "groupId = :g",
            ExpressionAttributeValues: { ":g": group.groupId },
          },
        },
      });
    }
    return writes;
  }

  /** Plan references on group items: added ones require the group to exist. */
  private planRefWrites(planId: string, before: Set<string>, after: Set<string>): GuardedWrite[] {
    return [...new Set([...before, ...after])].flatMap((groupId) =>
      this.refUpdate(
        groupId,
        after.has(groupId) && !before.has(groupId) ? [planId] : [],
        !after.has(groupId) && before.has(groupId) ? [planId] : [],
      ),
    );
  }

  private refUpdate(groupId: string, added: readonly string[], removed: readonly string[]): GuardedWrite[] {
    if (added.length === 0 && removed.length === 0) return [];
    // Callers pass either additions or removals (one update cannot ADD to and DELETE from a set).
    const actions = added.length > 0 ? ["ADD planRefs :add"] : ["DELETE planRefs :del"];
    return [
      {
        item: {
          Update: {
            TableName: this.tables.config,
            Key: recordKey(PARTITION.group, groupId),
            UpdateExpression: actions.join(" "),
            ConditionExpression: "attribute_exists(pk)",
            ExpressionAttributeValues:
              added.length > 0 ? { ":add": new Set(added) } : { ":del": new Set(removed) },
          },
        },
        explain: async () => unknownGroup(groupId),
      },
    ];
  }

  private async importPlanRefDelta(
    plans: RecoveryPlan[],
  ): Promise<Map<string, { added: string[]; removed: string[] }>> {
    const delta = new Map<string, { added: string[]; removed: string[] }>();
    const entry = (groupId: string) => {
      const existing = delta.get(groupId);
      if (existing) return existing;
      const created = { added: [] as string[], removed: [] as string[] };
      delta.set(groupId, created);
      return created;
    };
    for (const plan of plans) {
      const current = this.docOf<RecoveryPlan>(await this.getRecord(PARTITION.plan, plan.planId));
      const before = current ? groupIdsOf(current) : new Set<string>();
      const after = groupIdsOf(plan);
      for (const g of after) if (!before.has(g)) entry(g).added.push(plan.planId);
      for (const g of before) if (!after.has(g)) entry(g).removed.push(plan.planId);
    }
    return delta;
  }

  /** Import: names of many records move at once, so a name may pass from one bundle record to another. */
  private bundleNameWrites(
    partition: string,
    desired: { id: string; name: string }[],
    current: { id: string; name: string }[],
    kind: string,
  ): GuardedWrite[] {
    const ids = [...new Set([...desired.map((d) => d.id), ...current.map((c) => c.id)])];
    const owners = Object.fromEntries(ids.map((id, i) => [`:o${i}`, id]));
    const ownedByBundle = `ownerId IN (${Object.keys(owners).join(", ")})`;
    const wanted = new Map(desired.map((d) => [nameKey(d.name), d]));
    const writes: GuardedWrite[] = [];
    for (const [key, d] of wanted) {
      writes.push({
        item: {
          Put: {
            TableName: this.tables.config,
            Item: { ...recordKey(partition, key), ownerId: d.id, name: d.name.trim() },
            ConditionExpression: `attribute_not_exists(pk) OR ${ownedByBundle}`,
            ExpressionAttributeValues: owners,
          },
        },
        explain: () => this.duplicateName(partition, d.name, kind),
      });
    }
    for (const c of current) {
      if (wanted.has(nameKey(c.name))) continue;
      writes.push({
        item: {
          Delete: {
            TableName: this.tables.config,
            Key: recordKey(partition, nameKey(c.name)),
            ConditionExpression: "ownerId = :owner",
            ExpressionAttributeValues: { ":owner": c.id },
          },
        },
      });
    }
    return writes;
  }

  private bundleClaimWrites(desired: ProtectionGroup[], current: ProtectionGroup[]): GuardedWrite[] {
    const ids = [...new Set([...desired, ...current].map((g) => g.groupId))];
    const owners = Object.fromEntries(ids.map((id, i) => [`:g${i}`, id]));
    const wanted = new Map<string, { key: ItemKey; groupId: string }>();
    for (const g of desired)
      for (const [sk, key] of claimKeysOf(g)) wanted.set(sk, { key, groupId: g.groupId });
    const writes: GuardedWrite[] = [];
    for (const { key, groupId } of wanted.values()) {
      writes.push({
        item: {
          Put: {
            TableName: this.tables.config,
            Item: { ...key, groupId },
            ConditionExpression: `attribute_not_exists(pk) OR groupId IN (${Object.keys(owners).join(", ")})`,
            ExpressionAttributeValues: owners,
          },
        },
        explain: () => this.serverTaken(key),
      });
    }
    for (const g of current) {
      for (const [sk, key] of claimKeysOf(g)) {
        if (wanted.has(sk)) continue;
        writes.push({
          item: {
            Delete: {
              TableName: this.tables.config,
              Key: key,
              ConditionExpression: "groupId = :g",
              ExpressionAttributeValues: { ":g": g.groupId },
            },
          },
        });
      }
    }
    return writes;
  }

  private auditWrite(entry: AuditEntry): GuardedWrite {
    return auditWrite(this.tables.audit, entry);
  }

  // ---------- errors that name the conflicting record ----------

  private async duplicateId(kind: string, id: string): Promise<Error> {
    return new ConflictError("DUPLICATE_ID", `${kind} '${id}' already exists`, { id });
  }

  private async duplicateName(partition: string, name: string, kind: string): Promise<Error> {
    const holder = await this.client.send(
      new GetCommand({
        TableName: this.tables.config,
        Key: recordKey(partition, nameKey(name)),
        ConsistentRead: true,
      }),
    );
    return new ConflictError("DUPLICATE_NAME", `A ${kind} named '${name.trim()}' already exists`, {
      name: name.trim(),
      ...(holder.Item ? { existingId: holder.Item.ownerId as string } : {}),
    });
  }

  private async serverTaken(key: ItemKey): Promise<Error> {
    const claim = await this.client.send(
      new GetCommand({ TableName: this.tables.config, Key: key, ConsistentRead: true }),
    );
    const groupId = claim.Item?.groupId as string | undefined;
    const holder = groupId ? await this.getProtectionGroup(groupId) : undefined;
    const serverId = key.sk?.split("#")[2] ?? key.sk;
    return new ConflictError(
      "SERVER_IN_OTHER_GROUP",
      `Server ${serverId} already belongs to protection group '${holder?.groupName ?? groupId ?? "another group"}'`,
      { conflicts: [{ serverId, groupId, groupName: holder?.groupName }] },
    );
  }

  private async groupInUse(groupId: string, planIds: Set<string>): Promise<Error> {
    const plans = await Promise.all(
      [...planIds].map(async (planId) => ({
        planId,
        planName: (await this.getRecoveryPlan(planId))?.planName ?? planId,
      })),
    );
    return new ConflictError(
      "GROUP_IN_USE",
      `Protection group ${groupId} is used by recovery plan${plans.length > 1 ? "s" : ""} ${plans
        .map((p) => `'${p.planName}'`)
        .join(", ")}`,
      { plans },
    );
  }
}

function toPage<T>(items: Record<string, unknown>[], limit: number, keyAttributes: string[]): Page<T> {
  const shown = items.slice(0, limit);
  const last = shown[shown.length - 1];
  const docs = shown.map((item) => {
    const doc = JSON.parse(item.doc as string) as T;
    return item.lastExecutionId
      ? { ...doc, lastExecutionId: item.lastExecutionId, lastExecutionStatus: item.lastExecutionStatus }
      : doc;
  });
  return {
    items: docs,
    ...(items.length > limit && last
      ? { nextToken: encodeKeyToken(Object.fromEntries(keyAttributes.map((a) => [a, String(last[a])]))) }
      : {}),
  };
}

function unknownGroup(groupId: string): ValidationError {
  return new ValidationError(
    `Unknown protection group: ${groupId}`,
    { protectionGroupIds: [groupId] },
    "UNKNOWN_PROTECTION_GROUP",
  );
}

function staleVersion(kind: string, id: string, expected: number, current: number): ConflictError {
  return new ConflictError(
    "VERSION_CONFLICT",
    `${kind} '${id}' was changed by someone else (you sent version ${expected}, current is ${current}); reload and retry`,
    { id, expectedVersion: expected, currentVersion: current },
  );
}
