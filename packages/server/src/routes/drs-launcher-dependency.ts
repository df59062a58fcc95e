import { type RecoveryLauncher, UpstreamError } from "@drso/core";
import type { AppDeps } from "../app-deps";

/** Routes that need DRS job access answer 503-like UPSTREAM errors when no launcher is wired. */
export function requireLauncher(deps: AppDeps): RecoveryLauncher {
  if (!deps.launcher)
    throw new UpstreamError("DRS_UNAVAILABLE", "DRS adapters are not configured on this server");
  return deps.launcher;
}
