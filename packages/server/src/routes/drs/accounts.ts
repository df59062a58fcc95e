import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../../app-deps";
import { Envelope, sendOk } from "../../http/envelope";
import { secureRoute } from "../../http/secure-route";
import { reachableAccounts } from "../../services/accounts";

const DrsAccount = z
  .object({
    accountId: z.string(),
    accountName: z.string(),
    isHome: z.boolean(),
    regions: z.array(z.string()),
    roleArn: z.string().optional(),
    validated: z.boolean().optional(),
    lastValidated: z.string().optional(),
    validationMessage: z.string().optional(),
  })
  .openapi("DrsAccount");

const route = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/drs/accounts",
  tags: ["drs"],
  summary: "Accounts and regions the orchestrator can act in: the home account, then the target accounts",
  responses: {
    200: {
      description: "Reachable accounts",
      content: { "application/json": { schema: Envelope(z.object({ items: z.array(DrsAccount) })) } },
    },
  },
});

export function registerDrsAccounts(app: App, deps: AppDeps): void {
  app.openapi(route, async (c) => sendOk(c, { items: await reachableAccounts(deps) }, 200));
}
