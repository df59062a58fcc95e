#!/usr/bin/env node
// The `drso` entry point. The workspace runs TypeScript sources directly through tsx, so there is
// no build step between `npm ci` and `npm start`.
import { register } from "tsx/esm/api";

register();
await import("../src/main.ts");
