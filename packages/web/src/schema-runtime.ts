import { config } from "zod";

// Imported first by main.tsx, before any schema of @drso/core is built or parsed: zod would
// otherwise probe `new Function` to compile fast parsers, which the server's CSP (no 'unsafe-eval')
// reports as a violation on every page. Interpreted parsing is plenty for a form.
config({ jitless: true });
