import { defineConfig } from "vitest/config";

// One test run for the whole workspace: `npm test`. Tests sit beside the code they prove
// (src/**/*.test.ts) or under a package's test/ folder; each uses random ports and temp dirs.
export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "packages/*/test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
