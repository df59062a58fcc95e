import { type DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { TableNames } from "./table-schema";

/**
 * When a scheduled job last ran, shared by every Lambda that might run it (`SCHEDULE` / `<job>` in
 * the config table). EventBridge invokes on a fixed rate while the job's interval is a setting the
 * user changes at run time; a run takes its turn with one conditional write, so it happens at most
 * once per interval even when invocations overlap or are retried.
 */
export class ScheduleMarker {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: Pick<TableNames, "config">,
  ) {}

  /** True (and the run recorded at `nowMs`) when the job last ran `intervalMs` ago or never. */
  async claimRun(job: string, nowMs: number, intervalMs: number): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tables.config,
          Key: { pk: "SCHEDULE", sk: job },
          UpdateExpression: "SET lastRunAt = :now",
          ConditionExpression: "attribute_not_exists(lastRunAt) OR lastRunAt <= :due",
          ExpressionAttributeValues: { ":now": nowMs, ":due": nowMs - intervalMs },
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === "ConditionalCheckFailedException") return false;
      throw error;
    }
  }
}
