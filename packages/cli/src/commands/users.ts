import { isRole, ROLES, type Role } from "@drso/core";
import { type Command, InvalidArgumentError } from "commander";
import { withLocalUsers } from "./local-user-store";

/** Actions from the CLI are audited as this actor. */
export const CLI_ACTOR = "cli";

export const parseRole = (value: string): Role => {
  if (!isRole(value)) throw new InvalidArgumentError(`role must be one of ${ROLES.join(", ")}`);
  return value;
};

/** `drso users add|list|remove|passwd`: local users of the embedded mode. */
export function registerUsersCommand(program: Command): void {
  const users = program
    .command("users")
    .description("Manage local users (works on DRSO_DATA_DIR)")
    .option("--data-dir <dir>", "data directory (overrides DRSO_DATA_DIR)");
  const dataDir = () => users.opts<{ dataDir?: string }>().dataDir;

  users
    .command("add <name>")
    .description("Create a user; without --password one is generated and printed once")
    .requiredOption("--role <role>", `one of ${ROLES.join(", ")}`, parseRole)
    .option("--password <password>", "at least 8 characters")
    .action(async (name: string, opts: { role: Role; password?: string }) => {
      const made = await withLocalUsers(dataDir(), (accounts) =>
        accounts.addUser(name, opts.role, opts.password, CLI_ACTOR),
      );
      process.stdout.write(`Created user ${made.username} (${opts.role})\n`);
      if (made.generated) process.stdout.write(`Password: ${made.password}   (shown once)\n`);
    });

  users
    .command("list")
    .description("List users and their roles")
    .action(async () => {
      const list = await withLocalUsers(dataDir(), (_, store) => store.listUsers());
      const width = Math.max(8, ...list.map((u) => u.username.length));
      process.stdout.write(`${"USERNAME".padEnd(width)}  ROLES                    CREATED\n`);
      for (const u of list) {
        process.stdout.write(
          `${u.username.padEnd(width)}  ${u.roles.join(",").padEnd(23)}  ${u.createdDate}\n`,
        );
      }
    });

  users
    .command("remove <name>")
    .description("Delete a user (their sessions stop working at once)")
    .action(async (name: string) => {
      await withLocalUsers(dataDir(), (accounts) => accounts.removeUser(name, CLI_ACTOR));
      process.stdout.write(`Removed user ${name}\n`);
    });

  users
    .command("passwd <name>")
    .description(
      "Set a user's password; without --password one is generated and printed once. Their sessions end at once",
    )
    .option("--password <password>", "at least 8 characters")
    .action(async (name: string, opts: { password?: string }) => {
      const set = await withLocalUsers(dataDir(), (accounts) =>
        accounts.setPassword(name, opts.password, CLI_ACTOR),
      );
      process.stdout.write(`Changed the password of ${name}; their sessions have ended\n`);
      if (set.generated) process.stdout.write(`Password: ${set.password}   (shown once)\n`);
    });
}
