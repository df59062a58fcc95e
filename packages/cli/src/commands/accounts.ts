import type { TargetAccount } from "@drso/core";
import { type Command, InvalidArgumentError } from "commander";
import { EXIT } from "../cli-error";
import { type CommonOptions, commandContext, runCommand, withCommonOptions } from "../command-context";
import { renderTable } from "../text-table";

/** The role the cross-account stack creates in each target account (README, *Add a target account*). */
const DEFAULT_ROLE_NAME = "DRSOrchestrationCrossAccountRole";

interface AddOptions extends CommonOptions {
  name: string;
  roleArn?: string;
  externalId?: string;
  regions: string[];
}

interface Validation {
  valid: boolean;
  message: string;
  account: TargetAccount;
}

const path = (accountId: string) => `/accounts/targets/${encodeURIComponent(accountId)}`;

const parseRegions = (value: string): string[] => {
  const regions = value
    .split(",")
    .map((r) => r.trim())
    .filter(Boolean);
  if (regions.length === 0) throw new InvalidArgumentError("give one or more regions, comma-separated");
  return regions;
};

const validationCell = (a: TargetAccount) =>
  a.lastValidated === undefined ? "never" : `${a.validated ? "ok" : "FAILED"} ${a.lastValidated}`;

/** `drso accounts list|add|validate|remove`: the target accounts the orchestrator recovers into. */
export function registerAccountsCommand(program: Command): void {
  const accounts = program
    .command("accounts")
    .description("Target accounts: the cross-account roles the orchestrator assumes")
    .addHelpText(
      "after",
      "\nExamples:\n  $ drso accounts list\n  $ drso accounts add 222222222222 --name DR --external-id <id> --regions us-east-1,us-west-2\n  $ drso accounts validate 222222222222\n  $ drso accounts remove 222222222222\n",
    );

  const list = accounts.command("list").description("Registered target accounts and their last validation");
  withCommonOptions(list, ["drso accounts list", "drso accounts list --output json"]).action(
    runCommand(async (opts: CommonOptions) => {
      const ctx = commandContext(opts);
      const items = await ctx.client.listAll<TargetAccount>("/accounts/targets");
      ctx.emitJson(items);
      if (items.length === 0) ctx.say("No target accounts. Register one with `drso accounts add`.");
      else
        ctx.say(
          renderTable(
            ["ACCOUNT", "NAME", "REGIONS", "ROLE", "EXTERNAL ID", "VALIDATED"],
            items.map((a) => [
              a.accountId,
              a.accountName,
              a.regions.join(","),
              a.roleArn,
              a.externalId ?? "",
              validationCell(a),
            ]),
          ),
        );
      return 0;
    }),
  );

  const add = accounts
    .command("add")
    .argument("<accountId>", "12-digit AWS account id")
    .description("Register a target account (then prove access with `drso accounts validate`)")
    .requiredOption("--name <name>", "a name people recognise")
    .requiredOption("--regions <list>", "DRS regions the account is used in, comma-separated", parseRegions)
    .option(
      "--role-arn <arn>",
      `cross-account role (default arn:aws:iam::<accountId>:role/${DEFAULT_ROLE_NAME})`,
    )
    .option("--external-id <id>", "the ExternalId the role's trust policy requires");
  withCommonOptions(add, [
    "drso accounts add 222222222222 --name DR --external-id <id> --regions us-east-1,us-west-2",
  ]).action(
    runCommand(async (accountId: string, opts: AddOptions) => {
      const ctx = commandContext(opts);
      const created = await ctx.client.post<TargetAccount>("/accounts/targets", {
        accountId,
        accountName: opts.name,
        roleArn: opts.roleArn ?? `arn:aws:iam::${accountId}:role/${DEFAULT_ROLE_NAME}`,
        ...(opts.externalId !== undefined ? { externalId: opts.externalId } : {}),
        regions: opts.regions,
      });
      ctx.emitJson(created);
      ctx.say(`Registered target account ${created.accountId} '${created.accountName}' (${created.roleArn})`);
      ctx.say(`Prove access with: drso accounts validate ${created.accountId}`);
      return 0;
    }),
  );

  const validate = accounts
    .command("validate")
    .argument("<accountId>", "account id")
    .description("Assume the account's role with its ExternalId; exit 1 when access fails");
  withCommonOptions(validate, ["drso accounts validate 222222222222"]).action(
    runCommand(async (accountId: string, opts: CommonOptions) => {
      const ctx = commandContext(opts);
      const result = await ctx.client.post<Validation>(`${path(accountId)}/validate`);
      ctx.emitJson(result);
      ctx.say(`${result.valid ? "valid" : "FAILED"}: ${result.message}`);
      return result.valid ? EXIT.ok : EXIT.failed;
    }),
  );

  const remove = accounts
    .command("remove")
    .argument("<accountId>", "account id")
    .description("Remove a target account");
  withCommonOptions(remove, ["drso accounts remove 222222222222"]).action(
    runCommand(async (accountId: string, opts: CommonOptions) => {
      const ctx = commandContext(opts);
      await ctx.client.delete(path(accountId));
      ctx.emitJson({ accountId, removed: true });
      ctx.say(`Removed target account ${accountId}`);
      return 0;
    }),
  );
}
