import { AccountId, NotFoundError, TargetAccount, UpstreamError } from "@drso/core";
import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../app-deps";
import { auditEntry } from "../audit-entry";
import { Envelope, sendOk } from "../http/envelope";
import { secureRoute } from "../http/secure-route";
import { UPSTREAM_ERROR_RESPONSES } from "./drs-account-scope";

const ValidationResult = z
  .object({
    valid: z.boolean(),
    message: z.string().meta({ description: "What STS said: the assumed identity, or why access failed" }),
    assumedRoleArn: z.string().optional(),
    account: TargetAccount,
  })
  .openapi("TargetAccountValidation");

const route = secureRoute("drs:ManageAccounts", {
  method: "post",
  path: "/api/accounts/targets/{id}/validate",
  tags: ["accounts"],
  summary: "Prove cross-account access: STS AssumeRole with the ExternalId, then GetCallerIdentity",
  description:
    "Stores the outcome on the account (`validated`, `lastValidated`, `validationMessage`). A failed " +
    "validation is a 200 with `valid: false`; the request itself only fails when the account does not exist.",
  request: { params: z.object({ id: AccountId }) },
  responses: {
    ...UPSTREAM_ERROR_RESPONSES,
    200: {
      description: "Validation outcome",
      content: { "application/json": { schema: Envelope(ValidationResult) } },
    },
  },
});

export function registerAccountsValidate(app: App, deps: AppDeps): void {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const validator = deps.accountAccess;
    if (!validator)
      throw new UpstreamError("STS_UNAVAILABLE", "STS adapters are not configured on this server");
    const account = await deps.store.getTargetAccount(id);
    if (!account) throw new NotFoundError("Target account", id);
    const region = account.regions[0] ?? (await deps.store.getSettings()).defaultRegion;
    const result = await validator.validate({
      accountId: account.accountId,
      roleArn: account.roleArn,
      externalId: account.externalId,
      region,
    });
    const now = deps.now().toISOString();
    const actor = c.get("actor").username;
    const updated: TargetAccount = {
      ...account,
      validated: result.ok,
      lastValidated: now,
      validationMessage: result.message,
      version: account.version + 1,
      lastModifiedDate: now,
      lastModifiedBy: actor,
    };
    await deps.store.updateTargetAccount(
      updated,
      account.version,
      auditEntry(
        actor,
        "ValidateTargetAccount",
        "target-account",
        id,
        { before: account.version, after: updated.version },
        { valid: result.ok, message: result.message },
        deps.now(),
      ),
    );
    return sendOk(
      c,
      { valid: result.ok, message: result.message, assumedRoleArn: result.assumedRoleArn, account: updated },
      200,
    );
  });
}
