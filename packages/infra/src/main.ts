// Entry point of `npx cdk synth|deploy` (see cdk.json).
import { createDrsoApp } from "./drso-app";

createDrsoApp().app.synth();
