/** Types of ensure-cli-bundle.mjs for the TypeScript benchmarks and tests that import it. */
export const CLI_BUNDLE: string;
export function cliBundleIsStale(): boolean;
export function ensureCliBundle(): Promise<void>;
export const setup: typeof ensureCliBundle;
