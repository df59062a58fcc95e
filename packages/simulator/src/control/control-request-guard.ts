import type { IncomingHttpHeaders } from "node:http";
import type { HttpReply } from "../drs/drs-handler";

/**
 * Who may drive the `/_sim/` control API. It resets fleets, injects faults and moves the clock
 * without credentials, so a web page the developer visits must not reach it: a cross-site page
 * sends a foreign Origin, and a DNS-rebound name arrives with a foreign Host header. Only
 * loopback (or the address the simulator was told to listen on) is accepted for both.
 */

/** Largest control body: a fleet of a few thousand servers is far below it. */
export const CONTROL_BODY_LIMIT_BYTES = 1024 * 1024;

const refuse = (status: number, error: string, message: string): HttpReply => ({
  status,
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ error, message }),
});

const isLoopbackName = (hostname: string): boolean =>
  hostname === "localhost" || hostname === "::1" || /^127(\.\d{1,3}){3}$/.test(hostname);

/** Host name of a `Host` header value or an origin, without port and brackets; undefined if unparsable. */
const hostnameOf = (value: string): string | undefined => {
  try {
    return new URL(value.includes("://") ? value : `http://${value}`).hostname.replace(/^\[(.*)\]$/, "$1");
  } catch {
    return undefined;
  }
};

/** The refusal of a control request from its headers, or undefined when it may proceed. */
export function refuseControlRequest(
  headers: IncomingHttpHeaders,
  listenHost: string,
): HttpReply | undefined {
  const listen = listenHost.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  const accepted = (hostname: string | undefined) =>
    hostname !== undefined &&
    (isLoopbackName(hostname.toLowerCase()) ||
      (listen !== "0.0.0.0" && listen !== "::" && hostname.toLowerCase() === listen));
  if (!accepted(hostnameOf(headers.host ?? ""))) {
    return refuse(
      403,
      "ForbiddenHost",
      "the control API answers only requests addressed to the loopback host",
    );
  }
  const origin = headers.origin;
  if (origin !== undefined && !accepted(hostnameOf(origin))) {
    return refuse(403, "ForbiddenOrigin", "the control API refuses cross-origin requests");
  }
  const length = Number(headers["content-length"] ?? 0);
  const hasBody = length > 0 || headers["transfer-encoding"] !== undefined;
  const contentType = (headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  if (hasBody && contentType !== "application/json") {
    return refuse(
      415,
      "UnsupportedMediaType",
      "control request bodies must be sent as content-type: application/json",
    );
  }
  if (length > CONTROL_BODY_LIMIT_BYTES) return tooLarge(CONTROL_BODY_LIMIT_BYTES);
  return undefined;
}

export const tooLarge = (limit: number): HttpReply =>
  refuse(413, "PayloadTooLarge", `request bodies are limited to ${limit} bytes`);
