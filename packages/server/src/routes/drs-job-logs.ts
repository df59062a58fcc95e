import { AwsServiceError, NotFoundError } from "@drso/core";
import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../app-deps";
import { Envelope, sendOk } from "../http/envelope";
import { secureRoute } from "../http/secure-route";
import { AccountRegionQuery, resolveAccountRegion, UPSTREAM_ERROR_RESPONSES } from "./drs-account-scope";
import { requireLauncher } from "./drs-launcher-dependency";

const JobLogItem = z
  .object({
    jobId: z.string(),
    event: z.string().meta({ description: "DRS job log event, e.g. JOB_START, SNAPSHOT_END, LAUNCH_FAILED" }),
    eventDateTime: z.string(),
    serverId: z.string().optional(),
    message: z.string().optional(),
  })
  .openapi("DrsJobLogItem");

const route = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/drs/job-logs/{jobId}",
  tags: ["drs"],
  summary: "Event log of one DRS job (DescribeJobLogItems)",
  request: {
    params: z.object({
      jobId: z.string().regex(/^drsjob-[0-9a-zA-Z]{1,40}$/, "must be a DRS job id (drsjob-...)"),
    }),
    query: AccountRegionQuery,
  },
  responses: {
    ...UPSTREAM_ERROR_RESPONSES,
    200: {
      description: "Job log items, oldest first",
      content: {
        "application/json": { schema: Envelope(z.object({ jobId: z.string(), items: z.array(JobLogItem) })) },
      },
    },
  },
});

export function registerDrsJobLogs(app: App, deps: AppDeps): void {
  app.openapi(route, async (c) => {
    const launcher = requireLauncher(deps);
    const { jobId } = c.req.valid("param");
    const { accountId, region } = await resolveAccountRegion(deps, c.req.valid("query"));
    try {
      const items = await launcher.getJobLogItems(accountId, region, jobId);
      items.sort((a, b) => a.eventDateTime.localeCompare(b.eventDateTime));
      return sendOk(c, { jobId, items }, 200);
    } catch (error) {
      if (error instanceof AwsServiceError && error.kind === "not-found")
        throw new NotFoundError("DRS job", jobId);
      throw error;
    }
  });
}
