import type { Command } from "commander";
import { ApiClient } from "../api-client";
import { CliError } from "../cli-error";
import { type CommonOptions, commandContext, runCommand, withCommonOptions } from "../command-context";
import { removeSession, saveSession } from "../credentials-store";
import { ask, askHidden, canPrompt, readStdin } from "../terminal-prompt";

interface LoginOptions extends CommonOptions {
  username?: string;
  passwordStdin?: boolean;
}

interface Profile {
  username?: string;
  roles?: string[];
  permissions?: string[];
  [k: string]: unknown;
}

async function password(opts: LoginOptions): Promise<string> {
  if (opts.passwordStdin) return (await readStdin()).replace(/\r?\n$/, "");
  if (process.env.DRSO_PASSWORD) return process.env.DRSO_PASSWORD;
  if (!canPrompt())
    throw new CliError("no password: use --password-stdin or DRSO_PASSWORD when not on a terminal");
  return askHidden("Password: ");
}

export function registerLoginCommands(program: Command): void {
  const login = program
    .command("login")
    .description("Log in and save a session token (45 minutes) in the user's config dir, mode 0600")
    .option("-u, --username <name>", "user name (default: prompt, or DRSO_USERNAME)")
    .option("--password-stdin", "read the password from stdin (for scripts)");
  withCommonOptions(login, [
    "drso login -u admin",
    'echo "$DRSO_ADMIN_PASSWORD" | drso login -u admin --password-stdin',
    "drso login --endpoint https://drso.example.com -u operator",
  ]).action(
    runCommand(async (opts: LoginOptions) => {
      const ctx = commandContext(opts);
      const username =
        opts.username ?? process.env.DRSO_USERNAME ?? (canPrompt() ? await ask("Username: ") : undefined);
      if (!username) throw new CliError("no user name: pass --username");
      // Log in anonymously even when DRSO_TOKEN is set: the point is to get a new token.
      const anonymous = new ApiClient(ctx.client.endpoint, { kind: "none" });
      const session = await anonymous.post<{ token: string; expiresIn: number }>("/auth/login", {
        username,
        password: await password(opts),
      });
      const expiresAt = new Date(Date.now() + session.expiresIn * 1000).toISOString();
      const file = saveSession(ctx.client.endpoint, { token: session.token, username, expiresAt });
      ctx.say(
        `Logged in to ${ctx.client.endpoint} as ${username} until ${expiresAt} (token saved in ${file})`,
      );
      ctx.emitJson({ endpoint: ctx.client.endpoint, username, expiresAt, file });
      return 0;
    }),
  );

  const logout = program.command("logout").description("Forget the session saved for the endpoint");
  withCommonOptions(logout, ["drso logout"]).action(
    runCommand(async (opts: CommonOptions) => {
      const ctx = commandContext(opts);
      const removed = removeSession(ctx.client.endpoint);
      ctx.say(
        removed ? `Logged out of ${ctx.client.endpoint}` : `No saved session for ${ctx.client.endpoint}`,
      );
      ctx.emitJson({ endpoint: ctx.client.endpoint, removed });
      return 0;
    }),
  );

  const whoami = program
    .command("whoami")
    .description("Show the user (or API key) the CLI acts as, and its roles");
  withCommonOptions(whoami, ["drso whoami", "DRSO_API_KEY=... drso whoami --output json"]).action(
    runCommand(async (opts: CommonOptions) => {
      const ctx = commandContext(opts);
      const profile = await ctx.client.get<Profile>("/user/profile");
      ctx.emitJson(profile);
      ctx.say(`${profile.username ?? "(unknown)"} @ ${ctx.client.endpoint}`);
      if (profile.roles) ctx.say(`roles: ${profile.roles.join(", ") || "(none)"}`);
      if (profile.permissions) ctx.say(`permissions: ${profile.permissions.join(", ")}`);
      return 0;
    }),
  );
}
