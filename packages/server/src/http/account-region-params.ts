import { AccountId, Region } from "@drso/core";
import { z } from "@hono/zod-openapi";
import { ErrorEnvelope } from "./envelope";

/** `?accountId&region` of the DRS and EC2 routes; both default (home account, settings' region). */
export const AccountRegionQuery = z.object({
  accountId: AccountId.optional().meta({ description: "12-digit account; default: the home account" }),
  region: Region.optional().meta({ description: "AWS region; default: the settings' defaultRegion" }),
});

/** What routes that call DRS/EC2/STS can also answer: the AWS failure, with its kind and message. */
export const UPSTREAM_ERROR_RESPONSES = {
  502: {
    description:
      "DRS, EC2 or STS refused or failed after retries (code AWS_<KIND>, e.g. AWS_ACCESS_DENIED when the role cannot be assumed)",
    content: { "application/json": { schema: ErrorEnvelope } },
  },
} as const;
