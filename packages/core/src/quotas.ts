import { z } from "zod";

/**
 * DRS service quotas per account and region (AWS defaults). They are settings, not literals:
 * an operator whose account has raised limits changes them in `/api/config/settings`.
 */
export const DrsQuotas = z.strictObject({
  maxServersPerJob: z.int().min(1).max(200).default(100),
  maxConcurrentJobs: z.int().min(1).max(1000).default(20),
  maxServersInActiveJobs: z.int().min(1).max(10_000).default(500),
  maxRecoveryInstances: z.int().min(1).max(100_000).default(4000),
  maxReplicatingServers: z.int().min(1).max(100_000).default(300),
});
export type DrsQuotas = z.infer<typeof DrsQuotas>;
export const DEFAULT_DRS_QUOTAS: DrsQuotas = DrsQuotas.parse({});
