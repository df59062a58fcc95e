/**
 * Role-based access: 5 roles × 11 permissions. This table is the only place
 * that says which role may do what; the API, the UI and the CLI all read it.
 */
export const PERMISSIONS = [
  "drs:CreateProtectionGroup",
  "drs:UpdateProtectionGroup",
  "drs:DeleteProtectionGroup",
  "drs:CreateRecoveryPlan",
  "drs:UpdateRecoveryPlan",
  "drs:DeleteRecoveryPlan",
  "drs:ExecuteRecovery",
  "drs:ManageExecution",
  "drs:TerminateInstances",
  "drs:ViewResources",
  "drs:ManageAccounts",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = [
  "DRSOrchestrationAdmin",
  "DRSRecoveryManager",
  "DRSPlanManager",
  "DRSOperator",
  "DRSReadOnly",
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  DRSOrchestrationAdmin: PERMISSIONS,
  DRSRecoveryManager: [
    "drs:ExecuteRecovery",
    "drs:ManageExecution",
    "drs:TerminateInstances",
    "drs:ViewResources",
  ],
  DRSPlanManager: [
    "drs:CreateProtectionGroup",
    "drs:UpdateProtectionGroup",
    "drs:CreateRecoveryPlan",
    "drs:UpdateRecoveryPlan",
    "drs:ViewResources",
  ],
  DRSOperator: ["drs:ExecuteRecovery", "drs:ViewResources"],
  DRSReadOnly: ["drs:ViewResources"],
};

export const permissionsOf = (roles: readonly Role[]): Permission[] => [
  ...new Set(roles.flatMap((r) => ROLE_PERMISSIONS[r] ?? [])),
];

export const hasPermission = (roles: readonly Role[], permission: Permission): boolean =>
  roles.some((r) => ROLE_PERMISSIONS[r]?.includes(permission));

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
