import { type RecoveryLauncher, UpstreamError } from "@drso/core";
import type { AppDeps } from "../app-deps";

/** The DRS launcher; use cases that need DRS job access fail with UpstreamError when none is wired. */
export function requireLauncher(deps: AppDeps): RecoveryLauncher {
  if (!deps.launcher)
    throw new UpstreamError("DRS_UNAVAILABLE", "DRS adapters are not configured on this server");
  return deps.launcher;
}
