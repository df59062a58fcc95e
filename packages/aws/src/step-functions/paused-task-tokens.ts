import { type DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";

/**
 * The Step Functions task token of a paused execution, kept on its state item in the executions
 * table (beside, not inside, the event-sourced state: it is plumbing, not history). The Tick
 * Lambda's `park` stores it; resume/cancel take it once and answer it with SendTaskSuccess /
 * SendTaskFailure, which sends the state machine back to Tick.
 */
export class PausedTaskTokens {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly executionsTable: string,
  ) {}

  async park(executionId: string, taskToken: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.executionsTable,
        Key: { pk: `EXEC#${executionId}`, sk: "STATE" },
        UpdateExpression: "SET pausedTaskToken = :t",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":t": taskToken },
      }),
    );
  }

  /** The parked token, removed so that it is answered once; undefined when none is parked. */
  async take(executionId: string): Promise<string | undefined> {
    const result = await this.client.send(
      new UpdateCommand({
        TableName: this.executionsTable,
        Key: { pk: `EXEC#${executionId}`, sk: "STATE" },
        UpdateExpression: "REMOVE pausedTaskToken",
        ConditionExpression: "attribute_exists(pk)",
        ReturnValues: "ALL_OLD",
      }),
    );
    return result.Attributes?.pausedTaskToken as string | undefined;
  }
}
