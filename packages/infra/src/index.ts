export * from "./drso-app";
export * from "./stacks/cross-account-role-stack";
export * from "./stacks/deploy-context";
export * from "./stacks/orchestrator-stack";
