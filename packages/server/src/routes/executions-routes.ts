import type { App, AppDeps } from "../app-deps";
import { registerExecutions } from "./executions";
import { registerExecutionDelete } from "./executions-delete";
import { registerExecutionEvents } from "./executions-events";
import { registerExecutionInsight } from "./executions-insight";
import { registerExecutionProgress } from "./executions-progress";

/** Every execution endpoint (issue 5 §5, issue 9 §5); one entry in `routes/index.ts`. */
export function registerExecutionRoutes(app: App, deps: AppDeps): void {
  registerExecutions(app, deps);
  registerExecutionInsight(app, deps);
  registerExecutionProgress(app, deps);
  registerExecutionDelete(app, deps);
  registerExecutionEvents(app, deps);
}
