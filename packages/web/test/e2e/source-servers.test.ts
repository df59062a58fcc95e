import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, seriousA11yViolations } from "./support/browser";
import { ADMIN_PASSWORD, type ProductStack, startProductStack } from "./support/product-stack";
import { ensureWebBuilt } from "./support/web-build";

/**
 * The Source servers view in a real Chromium against `drso serve` and its simulator: an operator
 * changes a server's EC2 launch template and replication settings, sees them after a reload and
 * sees a refused value explained next to its field; adds a DRS tag and finds it in the list. A
 * read-only user sees the servers but no edit actions. Pages are screenshotted and axe-scanned.
 */
const HOME = "111111111111";
const TARGET = "222222222222";
const REGION = "us-east-1";
const SCOPE = `accountId=${HOME}&region=${REGION}`;

interface Server {
  serverId: string;
  hostname: string;
  tags: Record<string, string>;
}
interface Subnet {
  subnetId: string;
  name?: string;
}

let stack: ProductStack;
let browser: Browser;
let page: Page;
let servers: Server[];
let subnets: Subnet[];
const a11y = new Map<string, string[]>();

const signIn = async (username: string, password: string, path: string): Promise<Page> => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const p = await context.newPage();
  p.setDefaultTimeout(15_000);
  await p.goto(`${stack.url}${path}`);
  await p.getByLabel("Username").fill(username);
  await p.getByLabel("Password").fill(password);
  await p.getByRole("button", { name: "Sign in" }).click();
  return p;
};

const check = async (name: string) => {
  await page.waitForLoadState("networkidle");
  await screenshot(page, name);
  a11y.set(name, await seriousA11yViolations(page));
};

/** The text of what a control's aria-describedby points at: where Cloudscape puts a field's error. */
const describedBy = (control: Locator): Promise<string> =>
  control.evaluate((el) =>
    (el.getAttribute("aria-describedby") ?? "")
      .split(/\s+/)
      .map((id) => (id ? (document.getElementById(id)?.textContent ?? "") : ""))
      .join(" "),
  );

/** Opens the list, selects the server and follows one of its actions. */
const openFromList = async (server: Server, action: string) => {
  const open = page.getByRole("button", { name: "Open navigation" });
  if (await open.isVisible()) await open.click();
  await page
    .getByRole("navigation", { name: "Navigation" })
    .getByRole("link", { name: "Source servers", exact: true })
    .click();
  await page.getByRole("heading", { name: "Source servers", level: 1 }).waitFor();
  await page.getByLabel("Filter source servers").fill(server.hostname);
  await page.getByRole("cell", { name: `Select ${server.hostname}`, exact: true }).click();
  await page.getByRole("button", { name: action, exact: true }).click();
};

const chooseOption = async (trigger: string, option: RegExp) => {
  await page.getByRole("button", { name: trigger }).click();
  await page.getByRole("option", { name: option }).click();
};

const launchSettingsOf = (serverId: string) =>
  stack.api<{
    launchTemplate: {
      instanceType?: string;
      subnetId?: string;
      securityGroupIds?: string[];
      iamInstanceProfileName?: string;
    };
  }>("GET", `/drs/source-servers/${serverId}/launch-settings?${SCOPE}`);

beforeAll(async () => {
  await ensureWebBuilt();
  [stack, browser] = await Promise.all([startProductStack(), launchBrowser()]);
  await stack.addUser("viewer", "DRSReadOnly", "viewer-password");
  servers = (await stack.api<{ items: Server[] }>("GET", `/drs/source-servers?${SCOPE}`)).items;
  subnets = (await stack.api<{ items: Subnet[] }>("GET", `/ec2/subnets?${SCOPE}`)).items;
  if (servers.length < 3 || subnets.length < 2) throw new Error("the demo fleet is smaller than expected");
  page = await signIn("admin", ADMIN_PASSWORD, "/source-servers");
  await page.getByRole("heading", { name: "Source servers", level: 1 }).waitFor();
}, 180_000);

afterEach(async (ctx) => {
  if (ctx.task.result?.state === "fail")
    await screenshot(page, `failed-${ctx.task.name.slice(0, 40).replace(/\W+/g, "-")}`);
});

afterAll(async () => {
  // Close both even if one fails, so no server outlives the test run.
  await Promise.allSettled([browser?.close(), stack?.close()]);
});

describe("source servers", () => {
  it("lists the home account's servers with replication state and tags", async () => {
    const first = servers[0] as Server;
    const row = page.getByRole("row", { name: new RegExp(first.hostname) });
    await row.waitFor();
    expect(await row.textContent()).toContain("CONTINUOUS");
    expect(await row.textContent()).toContain(`Tier=${first.tags.Tier}`);
    expect(await page.getByText(`(${servers.length})`).count()).toBeGreaterThan(0);
    await check("50-source-servers");
  });

  it("changes a server's instance type and subnet, and they are there after a reload", async () => {
    const server = servers[0] as Server;
    const target = subnets[1] as Subnet;
    await openFromList(server, "Launch settings");
    await page.getByRole("heading", { name: `Launch settings: ${server.hostname}` }).waitFor();
    await page.getByRole("button", { name: "Subnet" }).waitFor();
    await page.getByRole("combobox", { name: "Instance type", exact: true }).fill("r5.large");
    await page.keyboard.press("Escape");
    await chooseOption("Subnet", new RegExp(target.subnetId));
    await chooseOption("Security groups", /drs-recovery-instances/);
    await page.keyboard.press("Escape");
    await chooseOption("IAM instance profile", /^drso-recovered-app$/);
    await check("51-launch-settings");
    await page.getByRole("button", { name: "Save launch settings" }).click();
    await page.getByText(`Saved launch settings of ${server.hostname}.`).waitFor();

    await page.reload();
    await page.getByRole("heading", { name: `Launch settings: ${server.hostname}` }).waitFor();
    await expect
      .poll(() => page.getByRole("combobox", { name: "Instance type", exact: true }).inputValue())
      .toBe("r5.large");
    await expect
      .poll(() => page.getByRole("button", { name: "Subnet" }).textContent())
      .toContain(target.subnetId);
    // What DRS launches with really changed (read through the API, not the page).
    const after = await launchSettingsOf(server.serverId);
    expect(after.launchTemplate).toMatchObject({
      instanceType: "r5.large",
      subnetId: target.subnetId,
      iamInstanceProfileName: "drso-recovered-app",
    });
    expect(after.launchTemplate.securityGroupIds).toHaveLength(1);
  });

  it("shows the API's refusal of an instance type the region does not offer next to that field", async () => {
    const server = servers[0] as Server;
    const instanceType = page.getByRole("combobox", { name: "Instance type", exact: true });
    await instanceType.fill("x9.huge");
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Save launch settings" }).click();
    await expect
      .poll(() => describedBy(instanceType))
      .toContain("instance type x9.huge is not offered in the region");
    // The subnet field carries no error: the message names the field it is about.
    expect(await describedBy(page.getByRole("button", { name: "Subnet" }))).not.toContain("x9.huge");
    await screenshot(page, "52-launch-settings-refused");
    expect((await launchSettingsOf(server.serverId)).launchTemplate.instanceType).toBe("r5.large");
  });

  it("warns that a protection group's launch defaults replace the fields it sets at each drill", async () => {
    const server = servers[3] as Server;
    await stack.api("POST", "/protection-groups", {
      groupName: "Sized group",
      accountId: HOME,
      region: REGION,
      serverIds: [server.serverId],
      launchSettings: {
        launchTemplate: { instanceType: "t3.large" },
        launchConfiguration: { copyTags: true },
      },
    });
    await openFromList(server, "Launch settings");
    await page.getByRole("heading", { name: `Launch settings: ${server.hostname}` }).waitFor();
    const notice = page.getByText("Protection group Sized group sets launch defaults");
    await notice.waitFor();
    expect(await page.getByText(/replacing what is saved here for: copyTags, instanceType\./).count()).toBe(
      1,
    );
    // A server outside any group with defaults gets no such warning.
    await openFromList(servers[0] as Server, "Launch settings");
    await page
      .getByRole("heading", { name: `Launch settings: ${(servers[0] as Server).hostname}` })
      .waitFor();
    await page.getByRole("button", { name: "Subnet" }).waitFor();
    await page.waitForLoadState("networkidle");
    expect(await page.getByText(/sets launch defaults/).count()).toBe(0);
  });

  it("changes bandwidth throttling, a point-in-time rule and staging area tags; all there after a reload", async () => {
    const server = servers[1] as Server;
    await openFromList(server, "Replication settings");
    await page.getByRole("heading", { name: `Replication settings: ${server.hostname}` }).waitFor();
    const bandwidth = page.getByLabel("Bandwidth throttling (Mbps)");
    await expect.poll(() => bandwidth.inputValue()).toBe("0");
    await bandwidth.fill("250");
    await page.getByLabel("Retention of rule 3").fill("14");
    await page.getByRole("button", { name: "Add new tag" }).click();
    await page.getByPlaceholder("Enter key").last().fill("CostCenter");
    await page.keyboard.press("Escape");
    await page.getByPlaceholder("Enter value").last().fill("dr-42");
    await page.keyboard.press("Escape");
    await check("53-replication-settings");
    await page.getByRole("button", { name: "Save replication settings" }).click();
    await page.getByText(`Saved replication settings of ${server.hostname}.`).waitFor();

    await page.reload();
    await page.getByRole("heading", { name: `Replication settings: ${server.hostname}` }).waitFor();
    await expect.poll(() => page.getByLabel("Bandwidth throttling (Mbps)").inputValue()).toBe("250");
    expect(await page.getByLabel("Retention of rule 3").inputValue()).toBe("14");
    expect(await page.getByPlaceholder("Enter key").last().inputValue()).toBe("CostCenter");
    const stored = await stack.api<{
      bandwidthThrottling: number;
      pitPolicy: { retentionDuration: number }[];
      stagingAreaTags: Record<string, string>;
    }>("GET", `/drs/source-servers/${server.serverId}/replication-settings?${SCOPE}`);
    expect(stored.bandwidthThrottling).toBe(250);
    expect(stored.pitPolicy[2]?.retentionDuration).toBe(14);
    expect(stored.stagingAreaTags).toEqual({ CostCenter: "dr-42" });
  });

  it("explains a bandwidth above the DRS limit next to the field and keeps the saved value", async () => {
    const server = servers[1] as Server;
    const bandwidth = page.getByLabel("Bandwidth throttling (Mbps)");
    await bandwidth.fill("20000");
    await page.getByRole("button", { name: "Save replication settings" }).click();
    await expect.poll(() => describedBy(bandwidth)).toMatch(/10000|10,000/);
    const stored = await stack.api<{ bandwidthThrottling: number }>(
      "GET",
      `/drs/source-servers/${server.serverId}/replication-settings?${SCOPE}`,
    );
    expect(stored.bandwidthThrottling).toBe(250);
  });

  it("adds a DRS tag to a server and the list shows it", async () => {
    const server = servers[2] as Server;
    await openFromList(server, "Edit tags");
    await page.getByRole("heading", { name: `Tags: ${server.hostname}` }).waitFor();
    const keys = page.getByPlaceholder("Enter key");
    await expect.poll(() => keys.count()).toBe(Object.keys(server.tags).length);
    await page.getByRole("button", { name: "Add new tag" }).click();
    await keys.last().fill("DRGroup");
    await page.keyboard.press("Escape");
    await page.getByPlaceholder("Enter value").last().fill("gold");
    await page.keyboard.press("Escape");
    await check("54-server-tags");
    await page.getByRole("button", { name: "Save tags" }).click();
    await page.getByText(`Saved the tags of ${server.hostname}: 1 added, 0 changed, 0 removed.`).waitFor();
    await page.getByLabel("Filter source servers").fill(server.hostname);
    const row = page.getByRole("row", { name: new RegExp(server.hostname) });
    await expect.poll(() => row.textContent()).toContain("DRGroup=gold");
    const listed = (await stack.api<{ items: Server[] }>("GET", `/drs/source-servers?${SCOPE}`)).items;
    expect(listed.find((s) => s.serverId === server.serverId)?.tags).toEqual({
      ...server.tags,
      DRGroup: "gold",
    });
  });

  it("removes a tag marked for removal, and refuses an aws: key before saving", async () => {
    const server = servers[2] as Server;
    await openFromList(server, "Edit tags");
    await page.getByRole("heading", { name: `Tags: ${server.hostname}` }).waitFor();
    await page.getByRole("button", { name: "Remove Environment" }).click();
    await page.getByText("This tag will be removed when you save.").waitFor();
    await page.getByRole("button", { name: "Add new tag" }).click();
    await page.getByPlaceholder("Enter key").last().fill("aws:owner");
    await page.keyboard.press("Escape");
    await page.getByText("Cannot start with aws:").waitFor();
    expect(await page.getByRole("button", { name: "Save tags" }).isDisabled()).toBe(true);
    await page.getByRole("button", { name: "Remove aws:owner" }).click();
    await page.getByRole("button", { name: "Save tags" }).click();
    await page.getByText(`Saved the tags of ${server.hostname}: 0 added, 0 changed, 1 removed.`).waitFor();
    const listed = (await stack.api<{ items: Server[] }>("GET", `/drs/source-servers?${SCOPE}`)).items;
    const tags = listed.find((s) => s.serverId === server.serverId)?.tags;
    expect(tags).not.toHaveProperty("Environment");
    expect(tags).toHaveProperty("DRGroup", "gold");
  });

  it("switches to a target account, whose configured region it moves to, and lists that account's servers", async () => {
    // `drso serve` registered the demo's target account on its first start: narrow its regions.
    const { version } = await stack.api<{ version: number }>("GET", `/accounts/targets/${TARGET}`);
    await stack.api("PATCH", `/accounts/targets/${TARGET}`, { regions: ["us-west-2"], version });
    const remote = (
      await stack.api<{ items: Server[] }>("GET", `/drs/source-servers?accountId=${TARGET}&region=us-west-2`)
    ).items;
    expect(remote.length).toBeGreaterThan(0);
    await page.goto(`${stack.url}/source-servers`);
    await page.getByRole("heading", { name: "Source servers", level: 1 }).waitFor();
    await chooseOption("Account", new RegExp(TARGET));
    await expect
      .poll(() => page.getByRole("button", { name: "Region" }).textContent())
      .toContain("us-west-2");
    await expect.poll(() => page.url()).toContain(`accountId=${TARGET}&region=us-west-2`);
    await page.getByRole("rowheader", { name: (remote[0] as Server).hostname }).waitFor();
    expect(await page.getByRole("cell", { name: (remote[0] as Server).serverId }).count()).toBe(1);
    expect(await page.getByRole("cell", { name: (servers[0] as Server).serverId }).count()).toBe(0);
    await check("56-source-servers-target-account");
  });

  it("shows a read-only user the servers but no edit actions", async () => {
    const viewer = await signIn("viewer", "viewer-password", "/source-servers");
    await viewer.getByRole("heading", { name: "Source servers", level: 1 }).waitFor();
    await viewer.getByRole("rowheader", { name: (servers[0] as Server).hostname }).waitFor();
    for (const action of ["Launch settings", "Replication settings", "Edit tags"])
      expect(await viewer.getByRole("button", { name: action, exact: true }).count(), action).toBe(0);
    await screenshot(viewer, "55-source-servers-read-only");
    // A link to a settings page shows the settings without a way to change them.
    const server = servers[0] as Server;
    await viewer.goto(`${stack.url}/source-servers/${server.serverId}/launch-settings?${SCOPE}`);
    await viewer.getByRole("heading", { name: `Launch settings: ${server.hostname}` }).waitFor();
    await expect
      .poll(() => viewer.getByRole("combobox", { name: "Instance type", exact: true }).inputValue())
      .toBe("r5.large");
    expect(await viewer.getByRole("combobox", { name: "Instance type", exact: true }).isDisabled()).toBe(
      true,
    );
    expect(await viewer.getByRole("button", { name: "Save launch settings" }).count()).toBe(0);
    await viewer.context().close();
  });

  it("meets WCAG 2.1 AA on every page of the view (axe: no serious or critical violations)", () => {
    expect(Object.fromEntries(a11y)).toEqual(Object.fromEntries([...a11y.keys()].map((k) => [k, []])));
  });
});
