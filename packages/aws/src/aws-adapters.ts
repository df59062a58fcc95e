import type {
  AccountAccessValidator,
  Ec2Inventory,
  InstanceHealthProbe,
  SourceServerCatalog,
  TargetAccount,
} from "@drso/core";
import { AccountCredentials } from "./account-credentials";
import { AwsClientPool } from "./aws-client-pool";
import { DrsLaunchSettings } from "./drs-launch-settings";
import { DrsRecoveryLauncher } from "./drs-recovery-launcher";
import { DrsReplicationSettings } from "./drs-replication-settings";
import { DrsSourceServerCatalog } from "./drs-source-server-catalog";
import { DrsSourceServerTags } from "./drs-source-server-tags";
import { Ec2InstanceHealthProbe } from "./ec2-instance-health-probe";
import { SdkEc2Inventory } from "./ec2-inventory";
import {
  assertValidRetryPolicy,
  DEFAULT_RETRY_POLICY,
  type RetryEnvironment,
  type RetryPolicy,
  realRetryEnvironment,
} from "./retry-policy";
import type { AwsCredentials } from "./sdk-client-config";
import { SnsTopicPublisher } from "./sns-topic-publisher";
import { StsAccountAccessValidator } from "./sts-account-access-validator";

export interface AwsAdaptersOptions {
  /** Simulator URL; unset in AWS mode (real endpoints). The only mode-dependent input besides credentials. */
  endpoint?: string;
  /** The account the orchestrator runs in; its calls use `credentials` directly. */
  homeAccountId: string;
  /** Home credentials; unset → the SDK's default credential chain. */
  credentials?: AwsCredentials;
  /** Target accounts (role + ExternalId), read when an account's credentials are first needed. */
  targetAccounts: () => Promise<TargetAccount[]>;
  retry?: Partial<RetryPolicy>;
  /** Test seam: count retries, skip real sleeping. */
  retryEnvironment?: Partial<RetryEnvironment>;
  /** Time limit of one request (default 30 s); a call without an answer is retried like a 5xx. */
  requestTimeoutMs?: number;
  /** `maxResults` of DRS list calls (DRS allows up to 1000). */
  pageSize?: number;
  logger?: { warn(obj: object, msg: string): void };
  /** Called after every AWS request with its outcome (the server's `drso_aws_calls_total`). */
  onCall?: RetryEnvironment["onAttempt"];
}

export interface AwsAdapters {
  catalog: SourceServerCatalog;
  /** A `RecoveryLauncher`; its terminateRecoveryInstances also returns every job id (`jobIds`). */
  launcher: DrsRecoveryLauncher;
  health: InstanceHealthProbe;
  accountAccess: AccountAccessValidator;
  ec2: Ec2Inventory;
  /** Per-server DRS launch configuration + EC2 launch template. */
  launchSettings: DrsLaunchSettings;
  /** Per-server DRS replication configuration (staging subnet, bandwidth, PIT policy). */
  replicationSettings: DrsReplicationSettings;
  /** SNS Publish to topics of the home account (execution notifications). */
  sns: SnsTopicPublisher;
  /** Tag sync: EC2 source-instance tags onto DRS source servers. */
  sourceServerTags: DrsSourceServerTags;
  /** Forget cached AssumeRole credentials of an account (after its role or ExternalId changed). */
  invalidateAccount(accountId: string): void;
  /** Close every SDK client (sockets). */
  destroy(): void;
}

/** Build all DRS/EC2/STS adapters over one client pool and one credential cache. */
export const createAwsAdapters = (options: AwsAdaptersOptions): AwsAdapters => {
  const retry = assertValidRetryPolicy({ ...DEFAULT_RETRY_POLICY, ...options.retry });
  const pageSize = options.pageSize ?? 500;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
    throw new RangeError(`pageSize must be an integer in 1..1000, got ${pageSize}`);
  }
  const logger = options.logger;
  const retryEnv: RetryEnvironment = {
    ...realRetryEnvironment,
    onRetry: logger
      ? ({ service, operation, attempt, delayMs, error }) =>
          logger.warn(
            {
              service,
              operation,
              attempt,
              delayMs,
              error: error instanceof Error ? error.name : String(error),
            },
            "retrying AWS call",
          )
      : undefined,
    onAttempt: options.onCall,
    ...options.retryEnvironment,
  };
  const edge = {
    endpoint: options.endpoint,
    credentials: options.credentials,
    requestTimeoutMs: options.requestTimeoutMs,
  };
  const credentials = new AccountCredentials(
    edge,
    options.homeAccountId,
    options.targetAccounts,
    retry,
    retryEnv,
  );
  const clients = new AwsClientPool(edge, credentials);
  const sns = new SnsTopicPublisher(edge, retry, retryEnv);
  return {
    catalog: new DrsSourceServerCatalog(clients, retry, retryEnv, pageSize),
    launcher: new DrsRecoveryLauncher(clients, retry, retryEnv, pageSize),
    health: new Ec2InstanceHealthProbe(clients, retry, retryEnv),
    accountAccess: new StsAccountAccessValidator(edge, credentials, retry, retryEnv),
    ec2: new SdkEc2Inventory(clients, retry, retryEnv),
    launchSettings: new DrsLaunchSettings(clients, retry, retryEnv),
    replicationSettings: new DrsReplicationSettings(clients, retry, retryEnv),
    sns,
    sourceServerTags: new DrsSourceServerTags(clients, retry, retryEnv),
    invalidateAccount: (accountId) => credentials.invalidate(accountId),
    destroy: () => {
      clients.destroy();
      credentials.destroy();
      sns.destroy();
    },
  };
};
