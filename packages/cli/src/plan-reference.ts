import type { RecoveryPlan } from "@drso/core";
import type { ApiClient } from "./api-client";
import { CliError } from "./cli-error";

/** A plan given on the command line by id or by name (case-insensitive), as users remember it. */
export async function findRecoveryPlan(client: ApiClient, ref: string): Promise<RecoveryPlan> {
  const plans = await client.listAll<RecoveryPlan>("/recovery-plans");
  const plan =
    plans.find((p) => p.planId === ref) ??
    plans.find((p) => p.planName.toLowerCase() === ref.trim().toLowerCase());
  if (plan) return plan;
  const names = plans.map((p) => `"${p.planName}"`).slice(0, 10);
  throw new CliError(
    `no recovery plan named or with id '${ref}'${names.length ? `; plans: ${names.join(", ")}` : " (there are no plans yet: drso apply -f <file>)"}`,
  );
}
