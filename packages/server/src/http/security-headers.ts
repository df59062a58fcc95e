import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";

/**
 * The Content-Security-Policy of every answer, UI and API docs included: scripts only from this
 * origin (the UI and Swagger UI load theirs as files, none inline), no plugins, no framing, forms
 * and fetches to this origin only. Inline styles stay allowed: Cloudscape and Swagger UI set
 * `style` attributes; a style cannot run code. The browser suite checks that no page logs a
 * violation (packages/web/test/e2e/security-headers.test.ts).
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", "data:"],
  fontSrc: ["'self'", "data:"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * Hono's secure headers: the CSP above, X-Frame-Options DENY, nosniff, no referrer, and the
 * cross-origin isolation headers. No HSTS: the embedded server speaks plain HTTP on loopback; a
 * TLS proxy in front sets it for its own domain.
 */
export const securityHeaders = (): MiddlewareHandler =>
  secureHeaders({
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    xFrameOptions: "DENY",
    referrerPolicy: "no-referrer",
    strictTransportSecurity: false,
  });
