import type { App, AppDeps } from "../app-deps";
import { registerExecutions } from "./executions";
import { registerExecutionEvents } from "./executions-events";
import { registerExecutionInsight } from "./executions-insight";

/** Every execution endpoint (issue 5 §5); one entry in `routes/index.ts`. */
export function registerExecutionRoutes(app: App, deps: AppDeps): void {
  registerExecutions(app, deps);
  registerExecutionInsight(app, deps);
  registerExecutionEvents(app, deps);
}
