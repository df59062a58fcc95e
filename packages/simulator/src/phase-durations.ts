/**
 * How long DRS takes, in simulated minutes, for each phase of a recovery job (observed ranges for
 * small/medium servers). Each server draws its own duration within ±spread, so a job's servers
 * finish at different times.
 */
export const PHASE_MINUTES = {
  /** StartRecovery accepted → job STARTED. */
  jobPending: 0.5,
  /** Taking the point-in-time snapshot of the replicated volumes. */
  snapshot: 2,
  /** Converting the volumes to boot on EC2 (conversion server). */
  conversion: 5,
  /** Launching the EC2 instance from the converted volumes. */
  launch: 2,
  /** Last server done → JOB_END. */
  jobEnd: 0.25,
  /** EC2 instance state `pending` before `running`. */
  instanceBoot: 1,
  /** Status checks `initializing` before `ok`, counted from `running`. */
  statusChecks: 3,
  /** TerminateRecoveryInstances: per-instance cleanup. */
  terminate: 1,
  /** EC2 `shutting-down` before `terminated`. */
  shuttingDown: 0.5,
} as const;

/** Relative variation of each server's phase duration. */
export const PHASE_SPREAD = 0.3;
