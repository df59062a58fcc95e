export { SIMULATOR_CREDENTIALS } from "./caller-identity";
export {
  CROSS_ACCOUNT_ROLE_NAME,
  DEMO_EXTERNAL_ID,
  DEMO_REGIONS,
  demoFleet,
  HOME_ACCOUNT_ID,
  largeFleet,
  SHARED_SERVICES_VPC,
  TARGET_ACCOUNT_ID,
} from "./demo-fleet";
export { DRS_ERROR_STATUS, type DrsErrorType } from "./drs/drs-error";
export { MAX_SERVERS_PER_START_RECOVERY } from "./drs/drs-operations";
export type { AccountSpec, FaultSpec, FleetSpec, RegionSpec, ServerSpec } from "./fleet-spec";
export { PHASE_MINUTES } from "./phase-durations";
export type { SimulatorControl, SimulatorState } from "./simulation";
export { type RunningSimulator, type SimulatorOptions, startSimulator } from "./simulator-server";
