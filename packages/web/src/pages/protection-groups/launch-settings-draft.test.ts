import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/api-error";
import { compactLaunchSettings, launchSettingsErrors } from "./launch-settings-draft";

describe("group launch-settings defaults in the editor", () => {
  it("sends no launchSettings when every field is back to 'no default'", () => {
    expect(
      compactLaunchSettings({
        launchConfiguration: { copyTags: undefined },
        launchTemplate: { securityGroupIds: [], instanceType: undefined },
      }),
    ).toBeUndefined();
    expect(compactLaunchSettings(undefined)).toBeUndefined();
  });

  it("keeps exactly the fields the operator set, false included", () => {
    expect(
      compactLaunchSettings({
        launchConfiguration: { copyPrivateIp: false, launchDisposition: undefined },
        launchTemplate: { instanceType: "r5.large", securityGroupIds: [] },
      }),
    ).toEqual({
      launchConfiguration: { copyPrivateIp: false },
      launchTemplate: { instanceType: "r5.large" },
    });
  });

  it("puts a schema 400 and an inventory 400 on the launch-settings field they name", () => {
    const schema = new ApiError(400, "VALIDATION_ERROR", "Invalid request", {
      fields: [
        { path: "launchSettings.launchTemplate.instanceType", message: "must be an EC2 instance type" },
        { path: "groupName", message: "required" },
      ],
    });
    expect(launchSettingsErrors(schema)).toEqual({
      "launchTemplate.instanceType": "must be an EC2 instance type",
    });
    const inventory = new ApiError(400, "INVALID_LAUNCH_SETTINGS", "subnet subnet-0123abcd does not exist", {
      field: "launchTemplate.subnetId",
    });
    expect(launchSettingsErrors(inventory)).toEqual({
      "launchTemplate.subnetId": "subnet subnet-0123abcd does not exist",
    });
    expect(launchSettingsErrors(new ApiError(409, "CONFLICT", "stale", { field: "x" }))).toEqual({});
  });
});
