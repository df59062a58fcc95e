import { AwsServiceError, NotFoundError } from "@drso/core";
import type { AppDeps } from "../app-deps";
import { requireAdapter } from "../optional-adapters";
import { resolveAccountRegion } from "./accounts";

/** Event log of one DRS job, oldest first (404 when DRS does not know the job). */
export async function drsJobLogs(
  deps: AppDeps,
  jobId: string,
  query: { accountId?: string | undefined; region?: string | undefined },
) {
  const launcher = requireAdapter(deps, "launcher");
  const { accountId, region } = await resolveAccountRegion(deps, query);
  try {
    const items = await launcher.getJobLogItems(accountId, region, jobId);
    items.sort((a, b) => a.eventDateTime.localeCompare(b.eventDateTime));
    return { jobId, items };
  } catch (error) {
    if (error instanceof AwsServiceError && error.kind === "not-found")
      throw new NotFoundError("DRS job", jobId);
    throw error;
  }
}
