import { Navigate, Route, Routes, useLocation } from "react-router-dom";
import { useSession } from "./auth/session-context";
import { AccountsPage } from "./pages/accounts/accounts-page";
import { DashboardPage } from "./pages/dashboard/dashboard-page";
import { ExecutionDetailsPage } from "./pages/execution-details/execution-details-page";
import { ExecutionPrintPage } from "./pages/execution-details/execution-print-page";
import { ExecutionsPage } from "./pages/executions/executions-page";
import { GettingStartedPage } from "./pages/getting-started/getting-started-page";
import { StartPage } from "./pages/getting-started/start-page";
import { LoginPage } from "./pages/login/login-page";
import { GroupEditorPage } from "./pages/protection-groups/group-editor-page";
import { ProtectionGroupsPage } from "./pages/protection-groups/protection-groups-page";
import { PlanEditorPage } from "./pages/recovery-plans/plan-editor-page";
import { RecoveryPlansPage } from "./pages/recovery-plans/recovery-plans-page";
import { LaunchSettingsPage } from "./pages/source-servers/launch-settings-page";
import { ReplicationSettingsPage } from "./pages/source-servers/replication-settings-page";
import { ServerTagsPage } from "./pages/source-servers/server-tags-page";
import { SourceServersPage } from "./pages/source-servers/source-servers-page";
import { TagSyncPage } from "./pages/tag-sync/tag-sync-page";

export function App() {
  const { session } = useSession();
  const location = useLocation();
  if (!session) {
    return (
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route
          path="*"
          element={<Navigate to={`/login?next=${encodeURIComponent(location.pathname)}`} replace />}
        />
      </Routes>
    );
  }
  return (
    <Routes>
      <Route path="/" element={<StartPage />} />
      <Route path="/login" element={<StartPage />} />
      <Route path="/dashboard" element={<DashboardPage />} />
      <Route path="/getting-started" element={<GettingStartedPage />} />
      <Route path="/protection-groups" element={<ProtectionGroupsPage />} />
      <Route path="/protection-groups/new" element={<GroupEditorPage />} />
      <Route path="/protection-groups/:groupId/edit" element={<GroupEditorPage />} />
      <Route path="/recovery-plans" element={<RecoveryPlansPage />} />
      <Route path="/recovery-plans/new" element={<PlanEditorPage />} />
      <Route path="/recovery-plans/:planId/edit" element={<PlanEditorPage />} />
      <Route path="/executions" element={<ExecutionsPage />} />
      <Route path="/executions/:executionId" element={<ExecutionDetailsPage />} />
      <Route path="/executions/:executionId/print" element={<ExecutionPrintPage />} />
      <Route path="/tag-sync" element={<TagSyncPage />} />
      <Route path="/accounts" element={<AccountsPage />} />
      <Route path="/source-servers" element={<SourceServersPage />} />
      <Route path="/source-servers/:serverId/launch-settings" element={<LaunchSettingsPage />} />
      <Route path="/source-servers/:serverId/replication-settings" element={<ReplicationSettingsPage />} />
      <Route path="/source-servers/:serverId/tags" element={<ServerTagsPage />} />
      <Route path="*" element={<Navigate to="/dashboard" replace />} />
    </Routes>
  );
}
