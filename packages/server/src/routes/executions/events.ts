import { type ExecutionState, executionView, isTerminalExecutionStatus } from "@drso/core";
import { z } from "@hono/zod-openapi";
import { streamSSE } from "hono/streaming";
import type { App, AppDeps } from "../../app-deps";
import { IdParam } from "../../http/common-params";
import { secureRoute } from "../../http/secure-route";
import { watchExecution } from "../../services/executions";

const route = secureRoute("drs:ViewResources", {
  method: "get",
  path: "/api/executions/{id}/events",
  tags: ["executions"],
  summary:
    "Server-Sent Events: `execution` (the full execution) first and after every state change, with the change's events",
  request: { params: IdParam },
  responses: {
    200: { description: "An event stream", content: { "text/event-stream": { schema: z.string() } } },
  },
});

/** Live updates for the execution details page: every persisted state change, pushed. */
export function registerExecutionEvents(app: App, deps: AppDeps): void {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const { initial, live, subscribe } = await watchExecution(deps, id);
    return streamSSE(c, async (stream) => {
      let seq = 0;
      const send = (state: ExecutionState, changes: readonly { type: string; at: string }[]) =>
        stream.writeSSE({
          event: "execution",
          id: String(++seq),
          data: JSON.stringify({
            execution: executionView(state),
            changes: changes.map((e) => ({ type: e.type, at: e.at })),
          }),
        });
      let done: () => void = () => {};
      const finished = new Promise<void>((resolve) => {
        done = resolve;
      });
      const unsubscribe = subscribe((state, events) => {
        if (state.executionId !== id) return;
        void send(state, events).then(() => {
          if (
            isTerminalExecutionStatus(state.status) &&
            !(state.termination.requested && !state.instancesTerminated)
          )
            done();
        });
      });
      stream.onAbort(() => done());
      await send(initial, []);
      if (!isTerminalExecutionStatus(initial.status) && live) await finished;
      unsubscribe();
      // The typed OpenAPI response cannot describe a stream; the route documents text/event-stream.
    }) as never;
  });
}
