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
  /**
   * The entry imports `@drso/server`, which reads two files at run time: its own package.json
   * (`../package.json`, the product version) and swagger-ui-dist (the API docs page). The bundle
   * then goes to `app/` with those files laid out where Node looks for them.
   */
  includesServerApp?: boolean;
}

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
      handler: props.includesServerApp ? "app/index.handler" : "index.handler",
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
        format: OutputFormat.ESM,
        target: "node24",
        minify: true,
        sourceMap: true,
        forceDockerBundling: false,
        // Bundled apart from the code (read as files at run time, see includesServerApp).
        externalModules: props.includesServerApp ? ["swagger-ui-dist"] : [],
        // ESM bundles still meet CommonJS dependencies that call require().
        banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        ...(props.includesServerApp
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (inputDir: string, outputDir: string) => [
                  `mkdir -p "${outputDir}/app" "${outputDir}/node_modules"`,
                  `mv "${outputDir}/index.mjs" "${outputDir}/index.mjs.map" "${outputDir}/app/"`,
                  `cp "${inputDir}/packages/server/package.json" "${outputDir}/package.json"`,
                  `cp -r "${inputDir}/node_modules/swagger-ui-dist" "${outputDir}/node_modules/"`,
                ],
              },
            }
          : {}),
      },
    });
  }
}
