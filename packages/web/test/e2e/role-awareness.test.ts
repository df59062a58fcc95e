import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot } from "./support/browser";
import { ADMIN_PASSWORD, type ProductStack, startProductStack } from "./support/product-stack";
import { ensureWebBuilt } from "./support/web-build";

/** What the console shows depends on the role, and a refusal by the API is explained, not hidden. */
let stack: ProductStack;
let browser: Browser;

const signIn = async (username: string, password: string): Promise<Page> => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(`${stack.url}/protection-groups`);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Protection groups" }).waitFor();
  return page;
};

beforeAll(async () => {
  await ensureWebBuilt();
  [stack, browser] = await Promise.all([startProductStack(), launchBrowser()]);
  await stack.addUser("viewer", "DRSReadOnly", "viewer-password");
  const servers = await stack.api<{ items: { serverId: string }[] }>(
    "GET",
    "/drs/source-servers?accountId=111111111111&region=us-east-1",
  );
  const group = await stack.api<{ groupId: string }>("POST", "/protection-groups", {
    groupName: "Referenced group",
    accountId: "111111111111",
    region: "us-east-1",
    serverIds: servers.items.slice(0, 1).map((s) => s.serverId),
  });
  await stack.api("POST", "/recovery-plans", {
    planName: "Plan using the group",
    waves: [{ waveNumber: 1, protectionGroupIds: [group.groupId] }],
  });
}, 180_000);

afterAll(async () => {
  // Close both even if one fails, so no server outlives the test run.
  await Promise.allSettled([browser?.close(), stack?.close()]);
});

describe("role awareness", () => {
  it("shows a read-only user no create, edit or delete actions", async () => {
    const page = await signIn("viewer", "viewer-password");
    await page.getByRole("rowheader", { name: "Referenced group" }).waitFor();
    expect(await page.getByRole("button", { name: "Create protection group" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Delete" }).count()).toBe(0);
    await screenshot(page, "20-read-only-groups");
    await page.getByRole("navigation").getByRole("link", { name: "Recovery plans", exact: true }).click();
    await page.getByRole("rowheader", { name: "Plan using the group" }).waitFor();
    expect(await page.getByRole("button", { name: "Create recovery plan" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Execute" }).count()).toBe(0);
    await page.context().close();
  });

  it("explains why the API refuses to delete a group a plan still uses", async () => {
    const page = await signIn("admin", ADMIN_PASSWORD);
    await page.getByRole("cell", { name: "Select Referenced group" }).click();
    await page.getByRole("button", { name: "Delete" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Delete" }).click();
    await dialog.getByText("Delete refused").waitFor();
    expect(await dialog.textContent()).toMatch(/Plan using the group|referenced|used by/i);
    await screenshot(page, "21-delete-refused");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await page.getByRole("rowheader", { name: "Referenced group" }).waitFor();
    await page.context().close();
  });
});
