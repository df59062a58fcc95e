import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";

export interface DrsoFunctionProps {
  /** Absolute path of the TypeScript entry point under `src/lambda/`. */
  entry: string;
  /** Powertools service name, also the metric dimension. */
  serviceName: string;
  environment?: Record<string, string>;
  timeout?: Duration;
  memorySize?: number;
}

/**
 * esbuild options of every Lambda bundle; `test/lambda-bundles.test.ts` bundles each entry with
 * these too. Entries import only the light entry points of `@drso/server` (`/runner`,
 * `/notifications`, `/tag-sync`, `/http-api`), so no bundle reaches SQLite or the simulator.
 */
export const lambdaBundling = () => ({
  format: OutputFormat.ESM,
  target: "node24",
  minify: true,
  sourceMap: true,
  // Nothing external: the AWS SDK v3 clients are bundled too, so the code runs on the versions tested.
  externalModules: [],
  // ESM bundles still meet CommonJS dependencies that call require().
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
});

/**
 * Every Lambda of the product: Node 24 on arm64 (cheaper per ms), X-Ray tracing, its own log group
 * with a retention, Powertools configured through its documented environment variables, and an
 * ESM bundle built by the local esbuild (never Docker).
 */
export class DrsoFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: DrsoFunctionProps) {
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    super(scope, id, {
      entry: props.entry,
      handler: "index.handler",
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: "DRSOrchestrator",
        POWERTOOLS_LOG_LEVEL: "INFO",
        NODE_OPTIONS: "--enable-source-maps",
        ...props.environment,
      },
      bundling: {
        ...lambdaBundling(),
        forceDockerBundling: false,
      },
    });
  }
}
