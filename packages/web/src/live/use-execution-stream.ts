import { useCallback, useEffect, useRef, useState } from "react";
import { authHeaders } from "../api/api-client";
import { type Execution, type ExecutionEvent, isTerminal } from "../api/execution-types";
import { getExecution } from "../api/resources";
import { SseParser } from "./sse-parser";

export type LiveState = "connecting" | "live" | "reconnecting" | "polling" | "finished";

/**
 * Keeps an execution current through `GET /api/executions/{id}/events` (Server-Sent Events).
 * Read with fetch rather than EventSource so the bearer token travels in a header, not the URL;
 * reconnects with backoff and `Last-Event-ID`. An event carrying the execution replaces it; any
 * other event triggers a fresh GET. If the stream endpoint is missing it falls back to polling.
 * Once the execution has finished the stream closes; when it runs again (a retry) the next
 * `refresh` re-opens it, so the page follows the retried servers live.
 */
export function useExecutionStream(executionId: string) {
  const [execution, setExecution] = useState<Execution>();
  const [error, setError] = useState<unknown>();
  const [live, setLive] = useState<LiveState>("connecting");
  /** State changes pushed with each update (`changes`), newest last: the page's event history. */
  const [changes, setChanges] = useState<ExecutionEvent[]>([]);
  const terminal = useRef(false);
  /** The stream closed because the execution finished; bumping `generation` re-opens it. */
  const closed = useRef(false);
  const [generation, setGeneration] = useState(0);

  const refresh = useCallback(async () => {
    try {
      const ex = await getExecution(executionId);
      terminal.current = isTerminal(ex.status);
      if (!terminal.current && closed.current) {
        closed.current = false;
        setGeneration((g) => g + 1);
      }
      setExecution(ex);
      setError(undefined);
    } catch (e) {
      setError(e);
    }
  }, [executionId]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `generation` re-opens the stream after the execution restarted
  useEffect(() => {
    const abort = new AbortController();
    let lastEventId: string | undefined;
    let attempt = 0;
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

    const apply = (data: string) => {
      try {
        const parsed = JSON.parse(data) as Record<string, unknown>;
        const candidate = (parsed.execution ?? parsed) as Partial<Execution>;
        if (Array.isArray(parsed.changes) && parsed.changes.length > 0) {
          const pushed = (parsed.changes as { type: string; at: string }[]).map((c) => ({
            type: c.type,
            timestamp: c.at,
          }));
          setChanges((all) => [...all, ...pushed].slice(-500));
        }
        if (
          candidate.executionId === executionId &&
          typeof candidate.status === "string" &&
          candidate.waveStatus
        ) {
          terminal.current = isTerminal(candidate.status);
          setExecution(candidate as Execution);
          return;
        }
      } catch {
        // not JSON: treat as a change notification
      }
      void refresh();
    };

    const stream = async (): Promise<"ended" | "missing"> => {
      const res = await fetch(`/api/executions/${executionId}/events`, {
        headers: {
          ...authHeaders(),
          Accept: "text/event-stream",
          ...(lastEventId ? { "Last-Event-ID": lastEventId } : {}),
        },
        signal: abort.signal,
      });
      if (res.status === 404 || res.status === 405 || res.status === 501) return "missing";
      if (!res.ok || !res.body) throw new Error(`event stream answered HTTP ${res.status}`);
      setLive("live");
      attempt = 0;
      // Catch up on what changed while we were disconnected.
      void refresh();
      const parser = new SseParser();
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return "ended";
        for (const msg of parser.push(value)) {
          if (msg.id) lastEventId = msg.id;
          apply(msg.data);
        }
      }
    };

    const run = async () => {
      setLive("connecting");
      await refresh();
      while (!abort.signal.aborted) {
        if (terminal.current) {
          setLive("finished");
          closed.current = true;
          return;
        }
        let outcome: "ended" | "missing" | "failed";
        try {
          outcome = await stream();
        } catch {
          outcome = "failed";
        }
        if (abort.signal.aborted) return;
        await refresh();
        if (terminal.current) continue;
        if (outcome === "missing") {
          setLive("polling");
          await sleep(2000);
        } else {
          setLive("reconnecting");
          attempt += 1;
          await sleep(Math.min(10_000, 500 * 2 ** attempt));
        }
      }
    };
    void run();
    return () => abort.abort();
  }, [executionId, refresh, generation]);

  return { execution, error, live, refresh, changes };
}
