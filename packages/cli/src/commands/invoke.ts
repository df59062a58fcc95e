import { type Actor, NotFoundError } from "@drso/core";
import { invokeOperation, loadConfig, OPERATION_NAMES, openLocalApp, RUNNER_OPERATIONS } from "@drso/server";
import { type Command, InvalidArgumentError } from "commander";
import { CliError } from "../cli-error";
import { CLI_ACTOR } from "./users";

/** `k=v` options collected into an object (repeatable). */
const keyValue = (value: string, previous: Record<string, string> = {}) => {
  const eq = value.indexOf("=");
  if (eq <= 0) throw new InvalidArgumentError(`expected key=value, got '${value}'`);
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
};

const jsonValue = (value: string): unknown => {
  try {
    return JSON.parse(value);
  } catch {
    throw new InvalidArgumentError("--body must be JSON");
  }
};

interface InvokeOptions {
  body?: unknown;
  query?: Record<string, string>;
  path?: Record<string, string>;
  as?: string;
  dataDir?: string;
}

/**
 * `drso invoke <operation>`: a direct invocation (`{operation, body, queryParams}`)
 * run in process on the local data dir, like `drso users`: whoever can read the data dir is
 * trusted, so it acts as the admin `cli` unless `--as <user>` names a local user whose roles apply.
 * Prints the envelope; exits 1 when the operation did not succeed.
 */
export function registerInvokeCommand(program: Command): void {
  program
    .command("invoke <operation>")
    .description("Run an API operation by its operation name in process on DRSO_DATA_DIR (no server needed)")
    .option("--body <json>", "request body (JSON)", jsonValue)
    .option("--query <key=value>", "query parameter (repeatable)", keyValue)
    .option("--path <key=value>", "path parameter such as groupId=... (repeatable)", keyValue)
    .option("--as <user>", "act as this local user and their roles (default: admin 'cli')")
    .option("--data-dir <dir>", "data directory (overrides DRSO_DATA_DIR)")
    .addHelpText(
      "after",
      [
        "",
        "Examples:",
        "  $ drso invoke list_protection_groups",
        "  $ drso invoke get_drs_source_servers --query region=us-east-1",
        `  $ drso invoke create_protection_group --body '{"groupName":"Web","accountId":"111111111111","region":"us-east-1","tagCriteria":{"Tier":"web"}}'`,
        "  $ drso invoke get_execution_status --path executionId=<id> --as alice",
        "",
        `Operations: ${OPERATION_NAMES.join(", ")}`,
        "Starting or steering executions needs the running server: use 'drso execute' / 'drso executions'.",
      ].join("\n"),
    )
    .action(async (operation: string, opts: InvokeOptions) => {
      if (RUNNER_OPERATIONS.has(operation)) {
        throw new CliError(
          `${operation} runs in the server that drives executions; use 'drso execute' or 'drso executions' against it`,
        );
      }
      const config = loadConfig({ ...process.env, ...(opts.dataDir ? { DRSO_DATA_DIR: opts.dataDir } : {}) });
      const local = await openLocalApp(config);
      try {
        let principal: Actor = { username: CLI_ACTOR, roles: ["DRSOrchestrationAdmin"] };
        if (opts.as) {
          const user = await local.deps.users.getUser(opts.as);
          if (!user) throw new NotFoundError("User", opts.as);
          principal = { username: user.username, roles: user.roles };
        }
        const result = await invokeOperation(
          local.app,
          {
            operation,
            ...(opts.body !== undefined ? { body: opts.body } : {}),
            ...(opts.query ? { queryParams: opts.query } : {}),
            ...(opts.path ? { pathParams: opts.path } : {}),
          },
          principal,
        );
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        if (!result.success) process.exitCode = 1;
      } finally {
        local.close();
      }
    });
}
