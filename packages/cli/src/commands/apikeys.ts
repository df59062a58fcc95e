import type { Role } from "@drso/core";
import { expiryFrom } from "@drso/server";
import { type Command, InvalidArgumentError } from "commander";
import { withLocalUsers } from "./local-user-store";
import { CLI_ACTOR, parseRole } from "./users";

const parseExpiresIn = (value: string): string => {
  if (!expiryFrom(value, new Date()))
    throw new InvalidArgumentError("give days or hours such as 90d or 12h (at most 10 years)");
  return value;
};

/** `drso apikeys create|list|revoke`: keys for scripts and CI, sent as the `X-Api-Key` header. */
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
    .option("--expires-in <duration>", "lifetime such as 90d or 12h (default: no expiry)", parseExpiresIn)
    .action(async (opts: { role: Role; name: string; expiresIn?: string }) => {
      const expiresAt = opts.expiresIn ? expiryFrom(opts.expiresIn, new Date()) : undefined;
      const { record, key } = await withLocalUsers(dataDir(), (accounts) =>
        accounts.createApiKey(opts.role, opts.name, CLI_ACTOR, expiresAt),
      );
      const expiry = record.expiresAt ? `, expires ${record.expiresAt}` : "";
      process.stdout.write(`Created API key ${record.keyId} '${record.name}' (${opts.role}${expiry})\n`);
      process.stdout.write(`Key: ${key}   (shown once; send it as the X-Api-Key header)\n`);
    });

  apikeys
    .command("list")
    .description("List API keys with expiry and last use (secrets are never shown again)")
    .action(async () => {
      const keys = await withLocalUsers(dataDir(), (_, store) => store.listApiKeys());
      const width = Math.max(4, ...keys.map((k) => k.name.length));
      process.stdout.write(
        `${"ID".padEnd(16)}  ${"NAME".padEnd(width)}  ${"ROLES".padEnd(21)}  ${"CREATED".padEnd(24)}  ${"EXPIRES".padEnd(24)}  LAST USED\n`,
      );
      for (const k of keys) {
        process.stdout.write(
          `${k.keyId}  ${k.name.padEnd(width)}  ${k.roles.join(",").padEnd(21)}  ${k.createdDate.padEnd(24)}  ${(k.expiresAt ?? "never").padEnd(24)}  ${k.lastUsedAt ?? "never"}\n`,
        );
      }
    });

  apikeys
    .command("revoke <idOrName>")
    .description("Revoke an API key by id, or by name when one key has it; it is refused at once")
    .action(async (idOrName: string) => {
      const key = await withLocalUsers(dataDir(), (accounts) => accounts.revokeApiKey(idOrName, CLI_ACTOR));
      process.stdout.write(`Revoked API key ${key.keyId} '${key.name}'\n`);
    });
}
