import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import Table from "@cloudscape-design/components/table";
import type { TargetAccount } from "@drso/core";
import { useState } from "react";
import {
  deleteTargetAccount,
  getCurrentAccount,
  listTargetAccounts,
  validateTargetAccount,
} from "../../api/resources";
import { useResource } from "../../api/use-resource";
import { useSession } from "../../auth/session-context";
import { DeleteModal } from "../../components/delete-modal";
import { formatTime } from "../../components/execution-status";
import { ListPageHeader } from "../../components/list-page-header";
import { NoWrap } from "../../components/no-wrap";
import { useResourceTable } from "../../components/use-resource-table";
import { AppShell, crumbs } from "../../layout/app-shell";
import { useFlash } from "../../layout/flash-context";
import { LoadError } from "../../layout/load-error";
import { AccountFormModal } from "./account-form-modal";

const roleName = (arn: string): string => arn.slice(arn.indexOf(":role/") + ":role/".length) || arn;

function ValidationStatus({ account }: { account: TargetAccount }) {
  if (!account.lastValidated) return <StatusIndicator type="pending">Not validated</StatusIndicator>;
  return (
    <Box>
      <NoWrap>
        <StatusIndicator type={account.validated ? "success" : "error"}>
          {account.validated ? "Validated" : "Failed"}
        </StatusIndicator>
      </NoWrap>
      <Box variant="small" display="block" color="text-body-secondary">
        {formatTime(account.lastValidated)}
      </Box>
      {account.validationMessage && (
        // STS's message is full of ARNs: breaking them anywhere keeps the table within the page.
        <Box variant="small" display="block" color="text-body-secondary">
          <span style={{ overflowWrap: "anywhere" }}>{account.validationMessage}</span>
        </Box>
      )}
    </Box>
  );
}

/**
 * Target accounts: the cross-account roles the orchestrator assumes to recover there. Anyone may
 * see them (the API masks the ExternalId for roles without ManageAccounts); only those may
 * register, edit, validate and remove.
 */
export function AccountsPage() {
  const { can } = useSession();
  const { notify, fail } = useFlash();
  const accounts = useResource(listTargetAccounts, []);
  const home = useResource(getCurrentAccount, []);
  const [editing, setEditing] = useState<TargetAccount | "new">();
  const [deleting, setDeleting] = useState<TargetAccount>();
  const [validating, setValidating] = useState(false);
  const manage = can("drs:ManageAccounts");
  const table = useResourceTable(accounts.data ?? [], {
    searchText: (a) => `${a.accountId} ${a.accountName} ${a.roleArn} ${a.regions.join(" ")}`,
    filter: { placeholder: "Find accounts", ariaLabel: "Filter accounts" },
    empty: {
      title: "No target accounts",
      description: "Register an account to recover its source servers with its cross-account role.",
    },
    noMatch: "No account matches the filter.",
    sortBy: { field: "accountId" },
    pageSize: 20,
    ...(manage
      ? {
          trackSelectionBy: "accountId",
          selectionLabels: { group: "Accounts", item: (a: TargetAccount) => `Select ${a.accountName}` },
        }
      : {}),
  });
  // The row as last read: a reload after an edit carries the new version.
  const selected = accounts.data?.find((a) => a.accountId === table.selected[0]?.accountId);

  const validate = async (account: TargetAccount) => {
    setValidating(true);
    try {
      const result = await validateTargetAccount(account.accountId);
      if (result.valid) notify("success", `Validated ${account.accountName}: ${result.message}`);
      else fail(`Validation of ${account.accountName} failed`, new Error(result.message));
      accounts.reload();
    } catch (e) {
      fail(`Could not validate ${account.accountName}`, e);
    } finally {
      setValidating(false);
    }
  };

  return (
    <AppShell breadcrumbs={crumbs(["Accounts", "/accounts"])}>
      {accounts.error ? (
        <LoadError what="target accounts" error={accounts.error} onRetry={accounts.reload} />
      ) : null}
      <Table
        {...table.tableProps}
        variant="full-page"
        selectionType={manage ? "single" : undefined}
        loading={accounts.loading && !accounts.data}
        loadingText="Loading accounts"
        trackBy="accountId"
        wrapLines
        header={
          <ListPageHeader
            title="Accounts"
            items={accounts.data}
            description={
              home.data
                ? `The orchestrator runs in account ${home.data.accountId} (home). Target accounts are reached through their cross-account role.`
                : undefined
            }
            onRefresh={accounts.reload}
          >
            {manage && (
              <>
                <Button
                  disabled={!selected}
                  loading={validating}
                  onClick={() => selected && void validate(selected)}
                >
                  Validate
                </Button>
                <Button disabled={!selected} onClick={() => setEditing(selected)}>
                  Edit
                </Button>
                <Button disabled={!selected} onClick={() => setDeleting(selected)}>
                  Delete
                </Button>
                <Button variant="primary" onClick={() => setEditing("new")}>
                  Register account
                </Button>
              </>
            )}
          </ListPageHeader>
        }
        columnDefinitions={[
          {
            id: "accountId",
            header: "Account ID",
            cell: (a) => <NoWrap>{a.accountId}</NoWrap>,
            sortingField: "accountId",
            isRowHeader: true,
          },
          { id: "name", header: "Name", cell: (a) => a.accountName, sortingField: "accountName" },
          {
            id: "regions",
            header: "Regions",
            cell: (a) =>
              a.regions.map((r, i) => (
                <NoWrap key={r}>{`${r}${i < a.regions.length - 1 ? ", " : ""}`}</NoWrap>
              )),
          },
          {
            id: "role",
            header: "Cross-account role",
            // The account is in the first column: the role's name is what tells roles apart.
            cell: (a) => (
              <>
                <NoWrap>
                  <span title={a.roleArn}>{roleName(a.roleArn)}</span>
                </NoWrap>
                <Box variant="small" display="block" color="text-body-secondary">
                  <span style={{ overflowWrap: "anywhere" }}>ExternalId: {a.externalId ?? "none"}</span>
                </Box>
              </>
            ),
          },
          {
            id: "validation",
            header: "Validation",
            cell: (a) => <ValidationStatus account={a} />,
          },
        ]}
      />
      {editing && (
        <AccountFormModal
          existing={editing === "new" ? undefined : editing}
          onClose={() => setEditing(undefined)}
          onSaved={(saved) => {
            notify(
              "success",
              editing === "new"
                ? `Registered ${saved.accountName} (${saved.accountId}). Validate it to prove access.`
                : `Saved ${saved.accountName}.`,
            );
            setEditing(undefined);
            accounts.reload();
          }}
        />
      )}
      {deleting && (
        <DeleteModal
          what="target account"
          name={`${deleting.accountName} (${deleting.accountId})`}
          onDelete={() => deleteTargetAccount(deleting.accountId)}
          onClose={() => setDeleting(undefined)}
          onDeleted={() => {
            notify("success", `Deleted target account ${deleting.accountName}.`);
            setDeleting(undefined);
            accounts.reload();
          }}
        />
      )}
    </AppShell>
  );
}
