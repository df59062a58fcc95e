import type { PickerServer } from "../../api/resources";
import { listSourceServers } from "../../api/resources";
import { type Resource, useResource } from "../../api/use-resource";
import type { ServerScope } from "./server-settings-api";

/** One source server of an account-region (for page headers: hostname and current tags). */
export function useSourceServer(serverId: string, scope: ServerScope): Resource<PickerServer | undefined> {
  return useResource(
    async () =>
      scope.accountId
        ? (await listSourceServers(scope.accountId, scope.region)).find((s) => s.serverId === serverId)
        : undefined,
    [serverId, scope.accountId, scope.region],
  );
}
