import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, seriousA11yViolations } from "./support/browser";
import { ADMIN_PASSWORD, type ProductStack, startProductStack } from "./support/product-stack";
import { ensureWebBuilt } from "./support/web-build";

/**
 * Tag sync and group launch defaults in a real Chromium against `drso serve`: an operator previews
 * the tag differences, syncs them and sees none left; a read-only user can preview but not sync;
 * a group's launch-settings default survives a reload.
 */
const HOME = "111111111111";
const REGION = "us-east-1";
let stack: ProductStack;
let browser: Browser;
let drifted: { serverId: string; hostname: string; tags: Record<string, string> };

const signIn = async (username: string, password: string, path: string): Promise<Page> => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${stack.url}${path}`);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  return page;
};

beforeAll(async () => {
  await ensureWebBuilt();
  [stack, browser] = await Promise.all([startProductStack(), launchBrowser()]);
  await stack.addUser("viewer", "DRSReadOnly", "viewer-password");
  // Someone edited one server's tags in DRS: Tier no longer matches EC2 and Environment is gone.
  const servers = await stack.api<{
    items: { serverId: string; hostname: string; tags: Record<string, string> }[];
  }>("GET", `/drs/source-servers?accountId=${HOME}&region=${REGION}`);
  const server = servers.items.find((s) => s.tags.Tier && s.tags.Environment);
  if (!server) throw new Error("the demo fleet has no server tagged Tier and Environment");
  drifted = server;
  const { Environment: _dropped, ...rest } = server.tags;
  await stack.api("PUT", `/drs/source-servers/${server.serverId}/tags`, {
    accountId: HOME,
    region: REGION,
    tags: { ...rest, Tier: "legacy" },
  });
}, 180_000);

afterAll(async () => {
  await Promise.allSettled([browser?.close(), stack?.close()]);
});

describe("tag sync", () => {
  it("lets a read-only user preview the differences but not sync them", async () => {
    const page = await signIn("viewer", "viewer-password", "/tag-sync");
    await page.getByRole("heading", { name: "Tag sync", level: 1 }).waitFor();
    await page.getByText("Your role can preview tag differences but not apply them.").waitFor();
    await page.getByRole("button", { name: "Preview" }).click();
    const table = page.getByTestId("tag-diff");
    await table.getByText(drifted.hostname).first().waitFor();
    expect(await page.getByRole("button", { name: "Sync now" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Save settings" }).count()).toBe(0);
    await page.context().close();
  });

  it("previews the differences, syncs them after a confirmation, and then previews none", async () => {
    const page = await signIn("admin", ADMIN_PASSWORD, "/tag-sync");
    await page.getByRole("heading", { name: "Tag sync", level: 1 }).waitFor();
    await page.getByRole("button", { name: "Preview" }).click();
    const table = page.getByTestId("tag-diff");
    const tierRow = table.getByRole("row").filter({ hasText: drifted.hostname }).filter({ hasText: "Tier" });
    await tierRow.waitFor();
    expect(await tierRow.textContent()).toMatch(/legacy.*change/);
    expect(await tierRow.textContent()).toContain(drifted.tags.Tier ?? "");
    const envRow = table
      .getByRole("row")
      .filter({ hasText: drifted.hostname })
      .filter({ hasText: "Environment" });
    expect(await envRow.textContent()).toContain("add");
    await page.waitForLoadState("networkidle");
    await screenshot(page, "40-tag-sync-preview");
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Sync now" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText(`in ${HOME}/${REGION} will be applied`).waitFor();
    await dialog.getByRole("button", { name: /^Apply/ }).click();
    await page.getByText(/Tag sync updated the DRS tags of 1 server\(s\)/).waitFor();
    await table.getByText("No differences").waitFor();
    await screenshot(page, "41-tag-sync-synced");

    // The sync really reached DRS: the server has its EC2 tags again.
    const after = await stack.api<{ items: { serverId: string; tags: Record<string, string> }[] }>(
      "GET",
      `/drs/source-servers?accountId=${HOME}&region=${REGION}`,
    );
    expect(after.items.find((s) => s.serverId === drifted.serverId)?.tags).toMatchObject({
      Tier: drifted.tags.Tier,
      Environment: drifted.tags.Environment,
    });
    await page.context().close();
  });

  it("saves the scheduled sync settings", async () => {
    const page = await signIn("admin", ADMIN_PASSWORD, "/tag-sync");
    await page.getByRole("heading", { name: "Scheduled sync" }).waitFor();
    await page.getByLabel("Interval (minutes)").fill("30");
    await page.getByLabel("Tag keys to include").fill("Application, Tier");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByText("Saved the tag sync settings.").waitFor();
    expect(await stack.api("GET", "/config/tag-sync")).toMatchObject({
      intervalMinutes: 30,
      tagKeys: ["Application", "Tier"],
    });
    await page.getByLabel("Interval (minutes)").fill("1");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page
      .getByText(/greater than or equal to 5|>=5|at least 5/i)
      .first()
      .waitFor();
    await page.context().close();
  });
});

describe("group launch-settings defaults", () => {
  it("saves a default instance type for a group and shows it after a reload", async () => {
    const group = await stack.api<{ groupId: string }>("POST", "/protection-groups", {
      groupName: "Launch defaults group",
      accountId: HOME,
      region: REGION,
      serverIds: [drifted.serverId],
    });
    const page = await signIn("admin", ADMIN_PASSWORD, `/protection-groups/${group.groupId}/edit`);
    await page.getByRole("heading", { name: "Edit protection group" }).waitFor();
    await page.getByRole("button", { name: /Launch settings defaults/ }).click();
    const instanceType = page.getByRole("button", { name: /^Instance type(?! right)/ });
    await instanceType.click();
    await page.getByRole("option", { name: /^r5\.large/ }).click();
    await page.getByRole("button", { name: /^Copy tags/ }).click();
    await page.getByRole("option", { name: "No", exact: true }).click();
    await page.waitForLoadState("networkidle");
    await screenshot(page, "42-group-launch-defaults");
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Saved protection group Launch defaults group.").waitFor();

    const saved = await stack.api<{ launchSettings?: unknown }>("GET", `/protection-groups/${group.groupId}`);
    expect(saved.launchSettings).toEqual({
      launchConfiguration: { copyTags: false },
      launchTemplate: { instanceType: "r5.large" },
    });
    await page.goto(`${stack.url}/protection-groups/${group.groupId}/edit`);
    await page.getByRole("heading", { name: "Edit protection group" }).waitFor();
    // The section opens by itself because the group has defaults.
    await expect.poll(() => instanceType.textContent()).toContain("r5.large");
    expect(await page.getByRole("button", { name: /^Copy tags/ }).textContent()).toContain("No");
    await page.context().close();
  });
});

describe("recovery point at execution", () => {
  it("refuses a point in time without snapshots, then runs a drill from the snapshots of an hour ago", async () => {
    const group = await stack.api<{ groupId: string }>("POST", "/protection-groups", {
      groupName: "Point in time web",
      accountId: HOME,
      region: REGION,
      tagCriteria: { Application: "OrderPortal", Tier: "web" },
    });
    await stack.api("POST", "/recovery-plans", {
      planName: "Point in time plan",
      waves: [{ waveNumber: 1, protectionGroupIds: [group.groupId] }],
    });
    const page = await signIn("admin", ADMIN_PASSWORD, "/recovery-plans");
    await page.getByRole("cell", { name: "Select Point in time plan" }).click();
    await page.getByRole("button", { name: "Execute" }).click();
    await page.getByRole("menuitem", { name: "Run drill" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByTestId("execute-servers").waitFor();
    await dialog.getByRole("radio", { name: /Point in time/ }).check();

    // Years before the servers were added to DRS: no snapshot exists, nothing is launched.
    await dialog.getByLabel("Recovery point date (UTC)").fill("2020/01/01");
    await dialog.getByRole("button", { name: "Start drill" }).click();
    await dialog.getByText("The execution was not started").waitFor();
    expect(await dialog.textContent()).toMatch(
      /no recovery snapshot at or before 2020-01-01T.*orderportal-web-01/,
    );
    expect(await stack.api<{ items: unknown[] }>("GET", "/executions")).toMatchObject({ items: [] });

    const hourAgo = new Date(Date.now() - 60 * 60_000).toISOString();
    await dialog.getByLabel("Recovery point date (UTC)").fill(hourAgo.slice(0, 10).replaceAll("-", "/"));
    await dialog.getByLabel("Recovery point time (UTC)").fill(hourAgo.slice(11, 16));
    // A changed recovery point clears the refusal of the previous one.
    expect(await dialog.getByText("The execution was not started").count()).toBe(0);
    await screenshot(page, "43-execute-point-in-time");
    expect(await seriousA11yViolations(page)).toEqual([]);
    await dialog.getByRole("button", { name: "Start drill" }).click();
    await page.waitForURL(/\/executions\/[^/]+$/);
    await page
      .getByText(`recovery point ${new Date(`${hourAgo.slice(0, 16)}:00.000Z`).toISOString()} (UTC)`)
      .waitFor();
    const table = page.getByTestId("server-table");
    await table.getByRole("columnheader", { name: "Recovery snapshot" }).waitFor();
    await expect.poll(async () => (await table.getByText(/^pit-/).count()) > 0).toBe(true);
    await page.context().close();
  });
});
