import type {
  DrsQuotas,
  ExecutionReport,
  Permission,
  ProtectionGroup,
  ProtectionGroupInput,
  RecoveryPlan,
  RecoveryPlanInput,
  Role,
  SourceServer,
  TargetAccount,
  TargetAccountInput,
  TargetAccountPatch,
} from "@drso/core";
import { api, itemsOf } from "./api-client";
import type { ExecutionAction } from "./execution-actions";
import type { Execution, ExecutionType, JobLogItem } from "./execution-types";

/** Typed calls to the API endpoints, one function per operation the UI performs. */
const q = (params: Record<string, string | undefined>): string => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") s.set(k, v);
  const str = s.toString();
  return str ? `?${str}` : "";
};

export interface LoginResult {
  token: string;
  expiresIn: number;
}
export interface UserPermissions {
  username?: string;
  roles: Role[];
  permissions: Permission[];
}
export interface DrsAccount {
  accountId: string;
  accountName?: string;
  regions?: string[];
}
export interface QuotaUsage {
  accountId: string;
  region: string;
  limits?: Partial<DrsQuotas>;
  usage?: {
    activeJobs: number;
    serversInActiveJobs: number;
    recoveryInstances: number;
    replicatingServers: number;
  };
  error?: string;
}
/** A server in the picker: DRS data plus the group that already holds it (explicitly or by tags), if any. */
export type PickerServer = SourceServer & {
  assignedToProtectionGroup?: string | null;
  protectionGroupName?: string | null;
};

export type ProtectionGroupWrite = ProtectionGroupInput & { version?: number };
export type RecoveryPlanWrite = RecoveryPlanInput & { version?: number };

export const login = (username: string, password: string) =>
  api.post<LoginResult>("/auth/login", { username, password });
/** Ends the session on the server too, so that the token is refused even if it was copied. */
export const logout = () => api.post<{ loggedOut: true }>("/auth/logout");
export const getPermissions = () => api.get<UserPermissions>("/user/permissions");

export const listGroups = async () =>
  itemsOf<ProtectionGroup>(await api.get("/protection-groups?limit=1000"));
export const getGroup = (id: string) => api.get<ProtectionGroup>(`/protection-groups/${id}`);
export const createGroup = (body: ProtectionGroupWrite) =>
  api.post<ProtectionGroup>("/protection-groups", body);
export const updateGroup = (id: string, body: ProtectionGroupWrite) =>
  api.put<ProtectionGroup>(`/protection-groups/${id}`, body);
export const deleteGroup = (id: string) => api.delete<void>(`/protection-groups/${id}`);
export const resolveTags = async (accountId: string, region: string, tagCriteria: Record<string, string>) =>
  itemsOf<SourceServer>(await api.post("/protection-groups/resolve", { accountId, region, tagCriteria }));

export const listPlans = async () => itemsOf<RecoveryPlan>(await api.get("/recovery-plans?limit=1000"));
export const getPlan = (id: string) => api.get<RecoveryPlan>(`/recovery-plans/${id}`);
export const createPlan = (body: RecoveryPlanWrite) => api.post<RecoveryPlan>("/recovery-plans", body);
export const updatePlan = (id: string, body: RecoveryPlanWrite) =>
  api.put<RecoveryPlan>(`/recovery-plans/${id}`, body);
export const deletePlan = (id: string) => api.delete<void>(`/recovery-plans/${id}`);
export const executePlan = (
  id: string,
  executionType: ExecutionType,
  options: { pointInTime?: string; allowDegraded?: boolean; excludeServers?: string[] } = {},
) =>
  api.post<Execution>(`/recovery-plans/${id}/execute`, {
    executionType,
    ...(options.pointInTime ? { pointInTime: options.pointInTime } : {}),
    ...(options.allowDegraded ? { allowDegraded: true } : {}),
    ...(options.excludeServers?.length ? { excludeServers: options.excludeServers } : {}),
  });

export const listExecutions = async () => itemsOf<Execution>(await api.get("/executions?limit=1000"));
export const getExecution = (id: string) => api.get<Execution>(`/executions/${id}`);
export const executionAction = (id: string, action: ExecutionAction) =>
  api.post<Execution>(
    action === "force-cancel" ? `/executions/${id}/cancel?force=true` : `/executions/${id}/${action}`,
  );
export const deleteExecutions = (executionIds: string[]) =>
  api.delete<unknown>("/executions", { executionIds });
/** The API answers `{jobs: [{jobId, waveNumber, items}]}`: one list, each item with its job and wave. */
export const getJobLogs = async (id: string): Promise<JobLogItem[]> => {
  const body = await api.get<{ jobs?: { jobId?: string; waveNumber?: number; items?: JobLogItem[] }[] }>(
    `/executions/${id}/job-logs`,
  );
  return (body?.jobs ?? []).flatMap((j) =>
    (j.items ?? []).map((item) => ({ jobId: j.jobId, waveNumber: j.waveNumber, ...item })),
  );
};
export const getReport = (id: string) => api.get<ExecutionReport>(`/executions/${id}/report`);

export const listAccounts = async () => itemsOf<DrsAccount>(await api.get("/drs/accounts"));
export const listSourceServers = async (accountId: string, region: string) =>
  itemsOf<PickerServer>(await api.get(`/drs/source-servers${q({ accountId, region })}`));
export const listQuotas = async () => itemsOf<QuotaUsage>(await api.get("/drs/quotas"));

export interface AccountValidation {
  valid: boolean;
  message: string;
  account: TargetAccount;
}
export const getCurrentAccount = () => api.get<{ accountId: string; mode: string }>("/accounts/current");
export const listTargetAccounts = async () =>
  itemsOf<TargetAccount>(await api.get("/accounts/targets?limit=1000"));
export const createTargetAccount = (body: TargetAccountInput) =>
  api.post<TargetAccount>("/accounts/targets", body);
export const patchTargetAccount = (id: string, body: TargetAccountPatch) =>
  api.patch<TargetAccount>(`/accounts/targets/${id}`, body);
export const deleteTargetAccount = (id: string) => api.delete<void>(`/accounts/targets/${id}`);
export const validateTargetAccount = (id: string) =>
  api.post<AccountValidation>(`/accounts/targets/${id}/validate`);
