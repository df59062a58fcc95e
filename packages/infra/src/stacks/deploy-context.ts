/**
 * Deployment parameters, read once from CDK context (`cdk.json` or `-c key=value`) and validated
 * before any construct is built, so a typo stops `cdk synth` with one clear line.
 */
export interface DeployContext {
  /** Suffix of every resource name: `dev`, `prod`. */
  envName: string;
  /** First region hosts the orchestrator; all of them are regions it may recover into. */
  regions: string[];
  /** First admin (Cognito user in group DRSOrchestrationAdmin) and notification subscriber. */
  adminEmail: string;
  /** Accounts whose cross-account role the orchestrator may assume (the only sts:AssumeRole targets). */
  targetAccountIds: string[];
  /** Name of the role the cross-account stack creates in each target account. */
  crossAccountRoleName: string;
  /**
   * ExternalId the cross-account role requires: a random secret given at deploy time
   * (`-c externalId=$(openssl rand -hex 32)`), never committed. Synthesis refuses a missing,
   * short or demo value.
   */
  externalId: string;
  /** Account the orchestrator runs in: the principal the cross-account role trusts. */
  orchestratorAccountId: string;
  /** Built web UI (`npm run build -w packages/web`); skipped with a note when absent. */
  webDistPath?: string;
}

const ENV_NAME = /^[a-z][a-z0-9-]{0,15}$/;
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const ACCOUNT = /^\d{12}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
// STS accepts 2–1224 characters of this set; 16 is our floor for a random secret.
const EXTERNAL_ID = /^[\w+=,.@:/-]{16,1224}$/;
/** Values that were published as examples (cdk.json, the simulator's demo fleet): never a secret. */
const PUBLISHED_EXTERNAL_IDS = new Set(["drso-demo-external-id"]);

type ContextReader = (key: string) => unknown;

// `-c regions=us-east-1,us-west-2` arrives as a string, cdk.json gives an array: accept both.
const listOf = (value: unknown): string[] => {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === "string")
    return value
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  return [];
};

const fail = (key: string, message: string): never => {
  throw new Error(`Invalid CDK context '${key}': ${message}`);
};

export const readDeployContext = (read: ContextReader): DeployContext => {
  const envName = String(read("envName") ?? "dev");
  if (!ENV_NAME.test(envName)) fail("envName", "lowercase letters, digits and -, at most 16 characters");
  const regions = listOf(read("regions"));
  if (regions.length === 0 || !regions.every((r) => REGION.test(r))) {
    fail("regions", "a list of AWS regions such as us-east-1,us-west-2");
  }
  const adminEmail = String(read("adminEmail") ?? "");
  if (!EMAIL.test(adminEmail)) fail("adminEmail", "an email address");
  const targetAccountIds = listOf(read("targetAccountIds"));
  if (!targetAccountIds.every((a) => ACCOUNT.test(a))) fail("targetAccountIds", "12-digit account ids");
  const crossAccountRoleName = String(read("crossAccountRoleName") ?? "DRSOrchestrationCrossAccountRole");
  if (!ROLE_NAME.test(crossAccountRoleName)) fail("crossAccountRoleName", "an IAM role name");
  const externalId = String(read("externalId") ?? "");
  if (!EXTERNAL_ID.test(externalId) || PUBLISHED_EXTERNAL_IDS.has(externalId)) {
    fail(
      "externalId",
      "a random secret of at least 16 characters given at deploy time, e.g. -c externalId=$(openssl rand -hex 32)",
    );
  }
  const orchestratorAccountId = String(read("orchestratorAccountId") ?? "");
  if (!ACCOUNT.test(orchestratorAccountId)) fail("orchestratorAccountId", "a 12-digit account id");
  const webDistPath = read("webDistPath");
  return {
    envName,
    regions,
    adminEmail,
    targetAccountIds,
    crossAccountRoleName,
    externalId,
    orchestratorAccountId,
    ...(typeof webDistPath === "string" && webDistPath ? { webDistPath } : {}),
  };
};
