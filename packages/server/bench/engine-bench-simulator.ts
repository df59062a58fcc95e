/** The simulator in its own process for `engine.bench.ts`, so the bench's RSS is the product's alone. */
import { largeFleet, startSimulator } from "@drso/simulator";

const [perRegion, timeScale] = process.argv.slice(2).map(Number);
const sim = await startSimulator({
  port: 0,
  timeScale: timeScale ?? 6000,
  seed: 3,
  fleet: largeFleet(perRegion ?? 750),
});
process.stdout.write(`${sim.endpoint}\n`);
process.once("SIGTERM", () => void sim.close().then(() => process.exit(0)));
