import { z } from "@hono/zod-openapi";
import type { App, AppDeps } from "../../app-deps";
import { AccountRegionQuery, UPSTREAM_ERROR_RESPONSES } from "../../http/account-region-params";
import { Envelope, sendOk } from "../../http/envelope";
import { jsonBody, secureRoute } from "../../http/secure-route";
import {
  getRecoveryInstance,
  listRecoveryInstances,
  terminateRecoveryInstances,
} from "../../services/recovery-instances";

/**
 * `/ec2/instances`: the EC2 instances DRS launched (recovery instances), with their source server
 * and the execution that launched them; terminate only ever acts on those.
 */

const InstanceId = z.string().regex(/^i-[0-9a-f]{8,17}$/, "must be an EC2 instance id (i-...)");

const RecoveryInstance = z
  .object({
    instanceId: z.string(),
    recoveryInstanceId: z.string(),
    sourceServerId: z.string(),
    hostname: z.string().optional(),
    state: z.string().optional(),
    instanceType: z.string().optional(),
    subnetId: z.string().optional(),
    isDrill: z.boolean().optional(),
    jobId: z.string().optional(),
    executionId: z.string().optional(),
    accountId: z.string(),
    region: z.string(),
  })
  .openapi("RecoveryInstance");

const listRoute = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/ec2/instances",
  tags: ["ec2"],
  summary: "EC2 instances launched by DRS (recovery instances) with source server, execution and state",
  request: {
    query: AccountRegionQuery.extend({
      executionId: z
        .string()
        .min(1)
        .max(128)
        .optional()
        .meta({ description: "Only instances this execution launched" }),
    }),
  },
  responses: {
    ...UPSTREAM_ERROR_RESPONSES,
    200: {
      description: "Recovery instances",
      content: { "application/json": { schema: Envelope(z.object({ items: z.array(RecoveryInstance) })) } },
    },
  },
});

const getRoute = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/ec2/instances/{instanceId}",
  tags: ["ec2"],
  summary: "One recovery instance, with its EC2 status checks (404 when DRS did not launch it)",
  request: {
    params: z.object({ instanceId: InstanceId.openapi({ param: { name: "instanceId", in: "path" } }) }),
    query: AccountRegionQuery,
  },
  responses: {
    ...UPSTREAM_ERROR_RESPONSES,
    200: {
      description: "The recovery instance",
      content: { "application/json": { schema: Envelope(z.unknown()) } },
    },
  },
});

export const TerminateInstancesBody = z.strictObject({
  instanceIds: z.array(InstanceId).min(1).max(200),
  accountId: AccountRegionQuery.shape.accountId,
  region: AccountRegionQuery.shape.region,
});

const terminateRoute = secureRoute("drs:TerminateInstances", {
  method: "post",
  path: "/api/ec2/instances/terminate",
  tags: ["ec2"],
  summary:
    "Terminate recovery instances through DRS; any id DRS did not launch, or one of an active execution, refuses the whole request",
  request: { body: jsonBody(TerminateInstancesBody) },
  responses: {
    ...UPSTREAM_ERROR_RESPONSES,
    200: {
      description: "Termination started",
      content: { "application/json": { schema: Envelope(z.unknown()) } },
    },
  },
});

export function registerEc2RecoveryInstances(app: App, deps: AppDeps): void {
  app.openapi(listRoute, async (c) =>
    sendOk(c, await listRecoveryInstances(deps, c.req.valid("query")), 200),
  );
  app.openapi(getRoute, async (c) =>
    sendOk(c, await getRecoveryInstance(deps, c.req.valid("param").instanceId, c.req.valid("query")), 200),
  );
  app.openapi(terminateRoute, async (c) =>
    sendOk(c, await terminateRecoveryInstances(deps, c.req.valid("json"), c.get("actor")), 200),
  );
}
