import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import type { App } from "../app-deps";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json",
};

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>DRS Orchestrator</title></head>
<body>
<h1>DRS Orchestrator</h1>
<p>The API is running, but the web UI has not been built.</p>
<p>Build it with <code>npm run build -w packages/web</code> and reload this page.</p>
<p>Meanwhile: <a href="/api/docs">API docs</a> · <a href="/api/health">health</a></p>
</body></html>`;

/** The single-page app: files of the web build, and index.html for every other path (client routing). */
export function registerStaticUi(app: App, distDir: string | undefined): void {
  const root = distDir ? resolve(distDir) : undefined;
  app.get("*", async (c) => {
    if (!root || !existsSync(join(root, "index.html"))) return c.html(NOT_BUILT);
    let decoded: string;
    try {
      decoded = decodeURIComponent(c.req.path);
    } catch {
      decoded = "/";
    }
    const wanted = normalize(join(root, decoded));
    if (wanted.startsWith(root + sep)) {
      const info = await stat(wanted).catch(() => undefined);
      if (info?.isFile()) {
        const type = TYPES[extname(wanted)] ?? "application/octet-stream";
        // Vite puts content hashes in asset names, so those can be cached for long.
        const cache = wanted.includes(`${sep}assets${sep}`)
          ? "public, max-age=31536000, immutable"
          : "no-cache";
        return c.body(await readFile(wanted), 200, { "content-type": type, "cache-control": cache });
      }
    }
    return c.html(await readFile(join(root, "index.html"), "utf8"));
  });
}
