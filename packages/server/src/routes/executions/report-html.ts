import type { ExecutionReport } from "@drso/core";

/** The report as a printable, self-contained HTML page (no scripts, no external assets). */

const escapeHtml = (s: unknown) =>
  String(s ?? "").replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] ?? ch,
  );
const duration = (seconds?: number) =>
  seconds === undefined
    ? "—"
    : seconds < 60
      ? `${seconds} s`
      : seconds < 3600
        ? `${Math.floor(seconds / 60)} min ${seconds % 60} s`
        : `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;

export function renderExecutionReport(r: ExecutionReport): string {
  const rto =
    r.rtoTargetMinutes === undefined
      ? "no RTO target set on the plan"
      : `${r.recoveryTimeMinutes ?? "—"} min against a target of ${r.rtoTargetMinutes} min: ${r.rtoMet ? "met" : "NOT met"}`;
  const waves = r.waves
    .map(
      (w) => `<tr><td>${w.waveNumber}</td><td>${escapeHtml(w.waveName)}</td><td>${escapeHtml(w.status)}</td>
<td>${escapeHtml(w.startTime ?? "—")}</td><td>${escapeHtml(w.endTime ?? "—")}</td><td>${duration(w.durationSeconds)}</td>
<td>${duration(w.plannedWaitSeconds)}</td><td>${w.recovered} / ${w.servers}</td></tr>`,
    )
    .join("\n");
  const failures = r.waves.flatMap((w) => w.failures.map((f) => ({ wave: w.waveNumber, ...f })));
  const failureRows = failures
    .map(
      (f) =>
        `<tr><td>${f.wave}</td><td>${escapeHtml(f.hostname)}</td><td>${escapeHtml(f.serverId)}</td><td>${escapeHtml(f.accountId)} / ${escapeHtml(f.region)}</td><td>${escapeHtml(f.error)}</td></tr>`,
    )
    .join("\n");
  const snapshotRows = (r.recoverySnapshots ?? [])
    .map(
      (s) =>
        `<tr><td>${escapeHtml(s.hostname)}</td><td>${escapeHtml(s.serverId)}</td><td>${escapeHtml(s.recoverySnapshotId)}</td><td>${escapeHtml(s.recoverySnapshotTime ?? "—")}</td></tr>`,
    )
    .join("\n");
  const serverRows = r.serverResults
    .map(
      (x) =>
        `<tr><td>${x.waveNumber}</td><td>${escapeHtml(x.hostname)}</td><td>${escapeHtml(x.serverId)}</td><td>${escapeHtml(x.recoveryInstanceId ?? "—")}</td>
<td>${escapeHtml(x.launchTime ?? "—")}</td><td>${escapeHtml(x.replicationState ?? "—")}</td><td>${x.dataAgeSeconds === undefined ? "latest" : duration(x.dataAgeSeconds)}</td>
<td>${escapeHtml(x.terminatedAt ? `${x.health}, terminated ${x.terminatedAt}` : x.health)}</td><td>${escapeHtml(x.error ?? "—")}</td></tr>`,
    )
    .join("\n");
  const leftOut = (r.excludedServers ?? []).map((x) =>
    escapeHtml(x.hostname ? `${x.hostname} (${x.serverId})` : x.serverId),
  );
  const runNotes = [
    ...(leftOut.length ? [`<p><strong>Left out of this run:</strong> ${leftOut.join(", ")}.</p>`] : []),
    ...(r.allowDegraded
      ? [
          "<p><strong>Degraded servers allowed:</strong> servers whose replication was not live launched from their last recovery snapshot.</p>",
        ]
      : []),
  ].join("\n");
  // Only point-in-time executions have this section: the others recovered their latest data.
  const recoveryPoint = r.pointInTime
    ? `<h2>Recovery point</h2>
<p>Recovered to ${escapeHtml(r.pointInTime)}: each server from its newest DRS recovery snapshot taken at or before it.</p>
<table><thead><tr><th scope="col">Host</th><th scope="col">Server</th><th scope="col">Recovery snapshot</th><th scope="col">Taken at</th></tr></thead><tbody>
${snapshotRows}
</tbody></table>`
    : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Execution report — ${escapeHtml(r.planName)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#111}table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{border:1px solid #999;padding:.3rem .5rem;text-align:left}th{background:#eee}@media print{body{margin:0}}</style></head>
<body><main>
<h1>${escapeHtml(r.executionType)} of “${escapeHtml(r.planName)}”: ${escapeHtml(r.status)}</h1>
<p>Execution ${escapeHtml(r.executionId)}, started ${escapeHtml(r.startTime)} by ${escapeHtml(r.initiatedBy)}, ended ${escapeHtml(r.endTime ?? "—")}
 (${duration(r.durationSeconds)}).</p>
<p><strong>RTO:</strong> ${escapeHtml(rto)}. Servers recovered: ${r.recovered} of ${r.servers}.</p>
${runNotes}
${recoveryPoint}
<h2>Waves</h2>
<table><thead><tr><th scope="col">Wave</th><th scope="col">Name</th><th scope="col">Status</th><th scope="col">Start</th><th scope="col">End</th>
<th scope="col">Actual duration</th><th scope="col">Planned wait after</th><th scope="col">Recovered</th></tr></thead><tbody>
${waves}
</tbody></table>
<h2>Servers</h2>
<table><thead><tr><th scope="col">Wave</th><th scope="col">Host</th><th scope="col">Source server</th><th scope="col">Recovery instance</th>
<th scope="col">Launched</th><th scope="col">Replication at start</th><th scope="col">Data age</th><th scope="col">Health</th><th scope="col">Failure reason</th></tr></thead><tbody>
${serverRows}
</tbody></table>
<h2>Failures</h2>
${failures.length === 0 ? "<p>None.</p>" : `<table><thead><tr><th scope="col">Wave</th><th scope="col">Host</th><th scope="col">Server</th><th scope="col">Account / region</th><th scope="col">Reason</th></tr></thead><tbody>\n${failureRows}\n</tbody></table>`}
</main></body></html>`;
}
