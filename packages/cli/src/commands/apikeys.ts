import type { Role } from "@drso/core";
import type { Command } from "commander";
import { withLocalUsers } from "./local-user-store";
import { CLI_ACTOR, parseRole } from "./users";

/** `drso apikeys create|list`: keys for scripts and CI, sent as the `X-Api-Key` header. */
export function registerApiKeysCommand(program: Command): void {
  const apikeys = program
    .command("apikeys")
    .description("Manage API keys (works on DRSO_DATA_DIR)")
    .option("--data-dir <dir>", "data directory (overrides DRSO_DATA_DIR)");
  const dataDir = () => apikeys.opts<{ dataDir?: string }>().dataDir;

  apikeys
    .command("create")
    .description("Create an API key; the key is printed once")
    .requiredOption("--role <role>", "role the key acts with", parseRole)
    .option("--name <name>", "what the key is for", "api-key")
    .action(async (opts: { role: Role; name: string }) => {
      const { record, key } = await withLocalUsers(dataDir(), (accounts) =>
        accounts.createApiKey(opts.role, opts.name, CLI_ACTOR),
      );
      process.stdout.write(`Created API key ${record.keyId} '${record.name}' (${opts.role})\n`);
      process.stdout.write(`Key: ${key}   (shown once; send it as the X-Api-Key header)\n`);
    });

  apikeys
    .command("list")
    .description("List API keys (ids and names; secrets are never shown again)")
    .action(async () => {
      const keys = await withLocalUsers(dataDir(), (_, store) => store.listApiKeys());
      for (const k of keys) {
        process.stdout.write(`${k.keyId}  ${k.name}  ${k.roles.join(",")}  ${k.createdDate}\n`);
      }
    });
}
