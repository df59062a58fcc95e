import Spinner from "@cloudscape-design/components/spinner";
import { Navigate } from "react-router-dom";
import { listGroups } from "../../api/resources";
import { useResource } from "../../api/use-resource";

/** Landing route: a new installation goes to Getting started, an existing one to the dashboard. */
export function StartPage() {
  const groups = useResource(listGroups, []);
  if (groups.loading) return <Spinner size="large" />;
  const empty = !groups.error && (groups.data?.length ?? 0) === 0;
  return <Navigate to={empty ? "/getting-started" : "/dashboard"} replace />;
}
