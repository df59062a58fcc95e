import { fileURLToPath } from "node:url";

/** Absolute path of the built UI (`npm run build -w packages/web`); the API server serves it for non-/api paths. */
export const WEB_DIST_DIR: string = fileURLToPath(new URL("../dist", import.meta.url));
