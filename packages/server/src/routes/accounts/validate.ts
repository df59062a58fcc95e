import { AccountId, TargetAccount } from "@drso/core";
import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../../app-deps";
import { UPSTREAM_ERROR_RESPONSES } from "../../http/account-region-params";
import { Envelope, sendOk } from "../../http/envelope";
import { secureRoute } from "../../http/secure-route";
import { validateTargetAccount } from "../../services/accounts";

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
  app.openapi(route, async (c) =>
    sendOk(c, await validateTargetAccount(deps, c.req.valid("param").id, c.get("actor")), 200),
  );
}
