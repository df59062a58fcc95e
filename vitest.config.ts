import { configDefaults, defineConfig } from "vitest/config";

// One test run for the whole workspace: `npm test`. Tests sit beside the code they prove
// (src/**/*.test.ts) or under a package's test/ folder; each uses random ports and temp dirs.
//
// The CLI and browser tests start `drso` as a subprocess, about a hundred times in a full run. A
// start from the bundle (packages/cli/dist/drso.mjs) takes ~1.7 s, one through tsx ~7 s on the
// 2-core CI machine, so their project bundles the CLI first (scripts/ensure-cli-bundle.mjs, a no-op
// while the bundle is fresh); packages/cli/bin/drso.js uses it only while it is newer than every
// source. A run without these tests does not bundle: Vitest sets up only the projects it runs.
const SUBPROCESS_TESTS = ["packages/cli/test/**/*.test.ts", "packages/web/test/**/*.test.ts"];
// The DynamoDB store and Lambda tests share one DynamoDB Local per run instead of starting a JVM
// per file (packages/aws/src/testing/dynamodb-local-global-setup.ts).
const DYNAMODB_TESTS = ["packages/aws/test/dynamodb/**/*.test.ts", "packages/infra/test/**/*.test.ts"];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    projects: [
      {
        extends: true,
        test: {
          name: "in-process",
          include: ["packages/*/src/**/*.test.ts", "packages/*/test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...SUBPROCESS_TESTS, ...DYNAMODB_TESTS],
        },
      },
      {
        extends: true,
        test: {
          name: "drso-subprocess",
          include: SUBPROCESS_TESTS,
          globalSetup: ["scripts/ensure-cli-bundle.mjs"],
        },
      },
      {
        extends: true,
        test: {
          name: "dynamodb-local",
          include: DYNAMODB_TESTS,
          globalSetup: ["packages/aws/src/testing/dynamodb-local-global-setup.ts"],
        },
      },
    ],
  },
});
