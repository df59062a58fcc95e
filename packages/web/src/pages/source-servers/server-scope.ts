import { useSearchParams } from "react-router-dom";
import type { ServerScope } from "./server-settings-api";

export const HOME_SCOPE: ServerScope = { accountId: "", region: "us-east-1" };

/**
 * The account-region the source-server views work in lives in the URL (`?accountId&region`), so a
 * settings page can be reloaded or linked and "back" returns to the same list.
 */
export function useServerScope(): [ServerScope, (next: ServerScope) => void] {
  const [params, setParams] = useSearchParams();
  const scope = {
    accountId: params.get("accountId") ?? HOME_SCOPE.accountId,
    region: params.get("region") ?? HOME_SCOPE.region,
  };
  const set = (next: ServerScope) =>
    setParams(
      (p) => {
        p.set("accountId", next.accountId);
        p.set("region", next.region);
        return p;
      },
      { replace: true },
    );
  return [scope, set];
}

export const scopeSearch = (scope: ServerScope): string =>
  `?${new URLSearchParams({ accountId: scope.accountId, region: scope.region }).toString()}`;

/** Where a server's settings page lives. */
export const serverPageHref = (
  serverId: string,
  page: "launch-settings" | "replication-settings" | "tags",
  scope: ServerScope,
): string => `/source-servers/${encodeURIComponent(serverId)}/${page}${scopeSearch(scope)}`;

export const serverListHref = (scope: ServerScope): string => `/source-servers${scopeSearch(scope)}`;
