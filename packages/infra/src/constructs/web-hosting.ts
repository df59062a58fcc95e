import { existsSync } from "node:fs";
import { CONTENT_SECURITY_POLICY } from "@drso/server";
import { Annotations, Duration, RemovalPolicy } from "aws-cdk-lib";
import type * as apigateway from "aws-cdk-lib/aws-apigateway";
import * as cloudfront from "aws-cdk-lib/aws-cloudfront";
import * as origins from "aws-cdk-lib/aws-cloudfront-origins";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as s3deploy from "aws-cdk-lib/aws-s3-deployment";
import { Construct } from "constructs";

/**
 * The embedded server's Content-Security-Policy (`@drso/server` security-headers.ts, which the
 * browser suite checks against the built UI) as a header value: one policy for both modes.
 */
export const contentSecurityPolicyHeader = (): string =>
  Object.entries(CONTENT_SECURITY_POLICY)
    .map(
      ([directive, sources]) =>
        `${directive.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${sources.join(" ")}`,
    )
    .join("; ");

/**
 * The security headers CloudFront adds: HSTS (two years, subdomains), nosniff, no framing, no
 * referrer and the CSP. `overrideCsp: false` keeps a CSP the origin sent (the API answers with its own).
 */
const securityHeaders = (overrideCsp: boolean): cloudfront.ResponseSecurityHeadersBehavior => ({
  contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicyHeader(), override: overrideCsp },
  strictTransportSecurity: {
    accessControlMaxAge: Duration.days(730),
    includeSubdomains: true,
    override: true,
  },
  contentTypeOptions: { override: true },
  frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
  referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
});

export interface WebHostingProps {
  restApi: apigateway.RestApi;
  /** `packages/web/dist`; when missing the bucket is created empty and synth warns. */
  webDistPath?: string;
}

/**
 * The web UI: a private S3 bucket read by CloudFront through Origin Access Control, with `/api/*`
 * routed to API Gateway so the browser talks to one origin (no CORS). Unknown paths fall back to
 * index.html for the single-page app's router.
 */
export class WebHosting extends Construct {
  readonly bucket: s3.Bucket;
  readonly logBucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: WebHostingProps) {
    super(scope, id);
    this.logBucket = new s3.Bucket(this, "AccessLogs", {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logs are delivered with ACLs.
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new s3.Bucket(this, "Site", {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: "s3/",
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Error-page rewrites would also turn API 403/404s into index.html, so the SPA fallback is a
    // viewer-request function on the UI behaviour only: paths without a file extension get index.html.
    const spaRouting = new cloudfront.Function(this, "SpaRouting", {
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(
        "function handler(event){var r=event.request;if(!/\\.[a-z0-9]+$/i.test(r.uri)){r.uri='/index.html';}return r;}",
      ),
    });
    const uiHeaders = new cloudfront.ResponseHeadersPolicy(this, "UiHeaders", {
      comment: "DRS Orchestrator UI: CSP and security headers",
      securityHeadersBehavior: securityHeaders(true),
    });
    const apiHeaders = new cloudfront.ResponseHeadersPolicy(this, "ApiHeaders", {
      comment: "DRS Orchestrator API: security headers, answers never cached by browsers",
      securityHeadersBehavior: securityHeaders(false),
      customHeadersBehavior: {
        customHeaders: [{ header: "Cache-Control", value: "no-store", override: false }],
      },
    });
    this.distribution = new cloudfront.Distribution(this, "Distribution", {
      comment: "DRS Orchestrator web UI and API",
      defaultRootObject: "index.html",
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: "cloudfront/",
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: uiHeaders,
        functionAssociations: [
          { function: spaRouting, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
        ],
      },
      additionalBehaviors: {
        "/api/*": {
          origin: new origins.RestApiOrigin(props.restApi),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: apiHeaders,
        },
      },
    });
    if (props.webDistPath && existsSync(props.webDistPath)) {
      new s3deploy.BucketDeployment(this, "Deploy", {
        sources: [s3deploy.Source.asset(props.webDistPath)],
        destinationBucket: this.bucket,
        distribution: this.distribution,
        distributionPaths: ["/index.html"],
      });
    } else {
      Annotations.of(this).addWarningV2(
        "drso:web-dist-missing",
        `No web build at '${props.webDistPath ?? "(unset)"}': run 'npm run build -w packages/web' before deploy`,
      );
    }
  }
}
