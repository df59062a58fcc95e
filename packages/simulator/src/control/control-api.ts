import type { HttpReply } from "../drs/drs-handler";
import { FaultList } from "../fleet-spec";
import type { Simulation } from "../simulation";
import { FleetError } from "../world";

const reply = (status: number, body: unknown): HttpReply => ({
  status,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

const bad = (message: string): HttpReply => reply(400, { error: "BadRequest", message });

/**
 * The `/_sim/` control API: `POST /_sim/reset {seed?}`, `POST /_sim/fleet <FleetSpec>`,
 * `GET|POST /_sim/faults` (`[FaultSpec]` or `{faults: [...]}`), `GET /_sim/state`,
 * `POST /_sim/clock {advanceMs}`, `GET /_sim/sns/messages` (what SNS Publish accepted).
 */
export function handleControl(sim: Simulation, method: string, path: string, body: string): HttpReply {
  let input: unknown = {};
  if (body.trim() !== "") {
    try {
      input = JSON.parse(body);
    } catch {
      return bad("request body is not valid JSON");
    }
  }
  const route = `${method} ${path.replace(/\/$/, "")}`;
  switch (route) {
    case "GET /_sim/state":
      return reply(200, sim.state());
    case "POST /_sim/reset": {
      const seed = (input as { seed?: unknown }).seed;
      if (seed !== undefined && !Number.isInteger(seed)) return bad("seed must be an integer");
      sim.reset(seed === undefined ? {} : { seed: seed as number });
      return reply(200, sim.state());
    }
    case "POST /_sim/fleet":
      try {
        sim.setFleet(input as Parameters<Simulation["setFleet"]>[0]);
        return reply(200, sim.state());
      } catch (error) {
        if (error instanceof FleetError) return bad(error.message);
        throw error;
      }
    case "GET /_sim/sns/messages":
      return reply(200, { messages: sim.world.snsMessages });
    case "GET /_sim/faults":
      return reply(200, { faults: sim.faults.list() });
    case "POST /_sim/faults": {
      const list = Array.isArray(input) ? input : (input as { faults?: unknown }).faults;
      const parsed = FaultList.safeParse(list ?? []);
      if (!parsed.success)
        return bad(
          `invalid faults: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
        );
      sim.setFaults(parsed.data);
      return reply(200, { faults: sim.faults.list() });
    }
    case "POST /_sim/clock": {
      const advanceMs = (input as { advanceMs?: unknown }).advanceMs;
      if (typeof advanceMs !== "number" || !(advanceMs >= 0)) return bad("advanceMs must be a number >= 0");
      sim.advanceTime(advanceMs);
      return reply(200, { now: new Date(sim.clock.now()).toISOString() });
    }
    default:
      return reply(404, { error: "NotFound", message: `no control route ${route}` });
  }
}
