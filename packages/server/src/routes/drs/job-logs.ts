import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../../app-deps";
import { AccountRegionQuery, UPSTREAM_ERROR_RESPONSES } from "../../http/account-region-params";
import { Envelope, sendOk } from "../../http/envelope";
import { secureRoute } from "../../http/secure-route";
import { drsJobLogs } from "../../services/drs-job-logs";

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
  app.openapi(route, async (c) =>
    sendOk(c, await drsJobLogs(deps, c.req.valid("param").jobId, c.req.valid("query")), 200),
  );
}
