export {
  closeOperationNames,
  DirectInvocation,
  type DirectInvocationResult,
  invokeOperation,
} from "./direct-invocation";
export { DIRECT_PRINCIPAL, type DirectPrincipalBindings, directPrincipalOf } from "./direct-principal";
export {
  DIRECT_INVOCATION_USER,
  type DirectInvocationContext,
  directInvocationPrincipal,
  handleDirectInvocationEvent,
  isDirectInvocationEvent,
  withDirectInvocation,
} from "./lambda-direct-event";
export { type LocalApp, openLocalApp, RUNNER_OPERATIONS } from "./local-app";
export {
  isOperationName,
  OPERATION_NAMES,
  OPERATION_ROUTES,
  type OperationName,
  type OperationRoute,
} from "./operation-routes";
