/**
 * The one table of direct-invocation operations: each
 * operation name of the legacy handlers is a method and path of the HTTP API. `{name}` segments
 * are filled from `pathParams`, then `queryParams`, then `body` (callers pass
 * `{"body": {"executionId": ...}}` to `get_execution_details`).
 */
export interface OperationRoute {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
}

const get = (path: string): OperationRoute => ({ method: "GET", path });
const post = (path: string): OperationRoute => ({ method: "POST", path });
const put = (path: string): OperationRoute => ({ method: "PUT", path });
const del = (path: string): OperationRoute => ({ method: "DELETE", path });

export const OPERATION_ROUTES = {
  // Protection groups (data-management handler)
  list_protection_groups: get("/api/protection-groups"),
  create_protection_group: post("/api/protection-groups"),
  get_protection_group: get("/api/protection-groups/{groupId}"),
  update_protection_group: put("/api/protection-groups/{groupId}"),
  delete_protection_group: del("/api/protection-groups/{groupId}"),
  resolve_protection_group_tags: post("/api/protection-groups/resolve"),
  // Recovery plans
  list_recovery_plans: get("/api/recovery-plans"),
  create_recovery_plan: post("/api/recovery-plans"),
  get_recovery_plan: get("/api/recovery-plans/{planId}"),
  update_recovery_plan: put("/api/recovery-plans/{planId}"),
  delete_recovery_plan: del("/api/recovery-plans/{planId}"),
  check_existing_instances: get("/api/recovery-plans/{planId}/check-existing-instances"),
  // Executions (execution handler)
  execute_recovery_plan: post("/api/executions"),
  list_executions: get("/api/executions"),
  get_execution_details: get("/api/executions/{executionId}"),
  get_execution_status: get("/api/executions/{executionId}/status"),
  poll_execution_status: get("/api/executions/{executionId}/status"),
  get_execution_waves: get("/api/executions/{executionId}/waves"),
  get_execution_jobs: get("/api/executions/{executionId}/jobs"),
  get_execution_job_logs: get("/api/executions/{executionId}/job-logs"),
  get_execution_report: get("/api/executions/{executionId}/report"),
  get_termination_status: get("/api/executions/{executionId}/termination-status"),
  pause_execution: post("/api/executions/{executionId}/pause"),
  resume_execution: post("/api/executions/{executionId}/resume"),
  cancel_execution: post("/api/executions/{executionId}/cancel"),
  retry_execution: post("/api/executions/{executionId}/retry"),
  terminate_recovery_instances: post("/api/executions/{executionId}/terminate-instances"),
  delete_executions: post("/api/executions/delete"),
  // DRS (query handler)
  get_drs_source_servers: get("/api/drs/source-servers"),
  get_drs_quotas: get("/api/drs/quotas"),
  get_drs_service_limits: get("/api/drs/service-limits"),
  get_drs_account_capacity: get("/api/drs/service-limits"),
  get_drs_accounts: get("/api/drs/accounts"),
  get_drs_job_logs: get("/api/drs/job-logs/{jobId}"),
  get_launch_settings: get("/api/drs/source-servers/{serverId}/launch-settings"),
  update_launch_settings: put("/api/drs/source-servers/{serverId}/launch-settings"),
  get_replication_settings: get("/api/drs/source-servers/{serverId}/replication-settings"),
  update_replication_settings: put("/api/drs/source-servers/{serverId}/replication-settings"),
  update_source_server_tags: put("/api/drs/source-servers/{serverId}/tags"),
  handle_drs_tag_sync: post("/api/drs/tag-sync"),
  preview_drs_tag_sync: get("/api/drs/tag-sync/preview"),
  get_tag_sync_settings: get("/api/config/tag-sync"),
  update_tag_sync_settings: put("/api/config/tag-sync"),
  // EC2
  get_ec2_subnets: get("/api/ec2/subnets"),
  get_ec2_security_groups: get("/api/ec2/security-groups"),
  get_ec2_instance_types: get("/api/ec2/instance-types"),
  get_ec2_instance_profiles: get("/api/ec2/instance-profiles"),
  get_ec2_launch_templates: get("/api/ec2/launch-templates"),
  list_recovery_instances: get("/api/ec2/instances"),
  get_recovery_instance: get("/api/ec2/instances/{instanceId}"),
  terminate_ec2_instances: post("/api/ec2/instances/terminate"),
  // Target accounts
  list_target_accounts: get("/api/accounts/targets"),
  create_target_account: post("/api/accounts/targets"),
  get_target_account: get("/api/accounts/targets/{accountId}"),
  update_target_account: put("/api/accounts/targets/{accountId}"),
  delete_target_account: del("/api/accounts/targets/{accountId}"),
  validate_target_account: post("/api/accounts/targets/{accountId}/validate"),
  get_current_account_info: get("/api/accounts/current"),
  // Configuration, user, audit
  get_settings: get("/api/config/settings"),
  update_settings: put("/api/config/settings"),
  get_regions: get("/api/config/regions"),
  get_config_health: get("/api/config/health"),
  export_configuration: get("/api/config/export"),
  import_configuration: post("/api/config/import"),
  get_user_profile: get("/api/user/profile"),
  get_user_permissions: get("/api/user/permissions"),
  list_audit_entries: get("/api/audit"),
  list_notification_deliveries: get("/api/notifications/deliveries"),
  send_test_notification: post("/api/notifications/test"),
} as const satisfies Record<string, OperationRoute>;

export type OperationName = keyof typeof OPERATION_ROUTES;

export const OPERATION_NAMES = Object.keys(OPERATION_ROUTES).sort() as OperationName[];

export const isOperationName = (name: string): name is OperationName => Object.hasOwn(OPERATION_ROUTES, name);
