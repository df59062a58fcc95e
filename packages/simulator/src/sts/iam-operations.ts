import type { CallerIdentity } from "../caller-identity";
import { intParam, pageOf } from "../query/query-params";
import { members, type XmlValue } from "../query/xml";
import { hashHex } from "../seeded-random";

export interface IamCall {
  caller: CallerIdentity;
  params: URLSearchParams;
}

/** Instance profiles every simulated account has (recovered instances are launched with one of them). */
const PROFILES = [
  "AWSElasticDisasterRecoveryRecoveryInstanceRole",
  "drso-recovered-web",
  "drso-recovered-app",
];

/** IAM operations (query protocol); each returns the children of `<ActionResult>`. */
export const IAM_OPERATIONS: Record<string, (call: IamCall) => Record<string, XmlValue>> = {
  ListInstanceProfiles({ caller, params }) {
    const page = pageOf(PROFILES, intParam(params, "MaxItems", 1, 1000), params.get("Marker"));
    return {
      InstanceProfiles: members(
        page.items.map((name) => ({
          InstanceProfileName: name,
          InstanceProfileId: `AIPA${hashHex(`${caller.accountId}/${name}`, 16).toUpperCase()}`,
          Arn: `arn:aws:iam::${caller.accountId}:instance-profile/${name}`,
          Path: "/",
          CreateDate: "2024-01-15T09:00:00Z",
          Roles: members([
            {
              RoleName: name,
              RoleId: `AROA${hashHex(`role/${caller.accountId}/${name}`, 16).toUpperCase()}`,
              Arn: `arn:aws:iam::${caller.accountId}:role/${name}`,
              Path: "/",
              CreateDate: "2024-01-15T09:00:00Z",
            },
          ]),
        })),
      ),
      IsTruncated: page.nextToken !== undefined,
      Marker: page.nextToken,
    };
  },
};
