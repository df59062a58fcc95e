import { TABLE_SHAPES, type TableKind, type TableShape, tableNamesFor } from "@drso/aws";
import { RemovalPolicy } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";

/**
 * The three DynamoDB tables (keys from `@drso/aws` TABLE_SHAPES, the same the store uses):
 * on-demand, encrypted, point-in-time recovery, retained when the stack is deleted because the
 * configuration and the audit trail outlive a redeploy. The config and executions tables expire
 * items by `expiresAt` (the abort markers of chunked server claims, `@drso/aws` claim-lease.ts).
 */
export class DataTables extends Construct {
  readonly config: dynamodb.Table;
  readonly audit: dynamodb.Table;
  readonly executions: dynamodb.Table;

  constructor(scope: Construct, id: string, props: { envName: string }) {
    super(scope, id);
    const names = tableNamesFor(props.envName);
    const table = (kind: TableKind) => {
      const shape: TableShape = TABLE_SHAPES[kind];
      const t = new dynamodb.Table(this, `${kind[0]?.toUpperCase()}${kind.slice(1)}Table`, {
        tableName: names[kind],
        partitionKey: { name: shape.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: shape.sortKey, type: dynamodb.AttributeType.STRING },
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        encryption: dynamodb.TableEncryption.AWS_MANAGED,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: true,
        removalPolicy: RemovalPolicy.RETAIN,
        ...(kind === "audit" ? {} : { timeToLiveAttribute: "expiresAt" }),
      });
      for (const index of shape.indexes) {
        t.addGlobalSecondaryIndex({
          indexName: index.indexName,
          partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
          sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
          projectionType: dynamodb.ProjectionType.ALL,
        });
      }
      return t;
    };
    this.config = table("config");
    this.audit = table("audit");
    this.executions = table("executions");
  }

  /** Environment variables the store reads its table names from (`DRSO_TABLE_*`). */
  get environment(): Record<string, string> {
    return {
      DRSO_TABLE_CONFIG: this.config.tableName,
      DRSO_TABLE_AUDIT: this.audit.tableName,
      DRSO_TABLE_EXECUTIONS: this.executions.tableName,
    };
  }

  get all(): dynamodb.Table[] {
    return [this.config, this.audit, this.executions];
  }

  /**
   * What the API, Tick and Wake functions need of the stores: read and write the config and
   * executions tables; of the audit table only append (PutItem, also inside TransactWriteItems with
   * the change it records) and read (Query on the table and its ResourceIndex). No function may
   * update or delete an audit entry.
   */
  grantStoreAccess(grantee: iam.IGrantable): void {
    this.config.grantReadWriteData(grantee);
    this.executions.grantReadWriteData(grantee);
    iam.Grant.addToPrincipal({
      grantee,
      actions: ["dynamodb:PutItem", "dynamodb:Query"],
      resourceArns: [
        this.audit.tableArn,
        ...TABLE_SHAPES.audit.indexes.map((index) => `${this.audit.tableArn}/index/${index.indexName}`),
      ],
    });
  }
}
