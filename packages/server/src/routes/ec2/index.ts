import type { App, AppDeps } from "../../app-deps";
import { registerEc2RecoveryInstances } from "./recovery-instances";
import { registerEc2Resources } from "./resources";

/** `/api/ec2/*`: what the launch-settings pickers list, and the recovery instances DRS launched. */
export function registerEc2Routes(app: App, deps: AppDeps): void {
  registerEc2Resources(app, deps);
  registerEc2RecoveryInstances(app, deps);
}
