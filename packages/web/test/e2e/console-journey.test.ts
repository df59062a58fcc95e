import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, seriousA11yViolations } from "./support/browser";
import { ADMIN_PASSWORD, type ProductStack, startProductStack } from "./support/product-stack";
import { ensureWebBuilt } from "./support/web-build";

/**
 * The operator's journey in a real Chromium against the real API: sign in, build groups and a
 * 3-wave plan, run a drill and follow it live to the report. Every page is screenshotted and
 * scanned with axe (WCAG 2.1 AA).
 */
let stack: ProductStack;
let browser: Browser;
let page: Page;
const a11y = new Map<string, string[]>();

const check = async (name: string) => {
  await page.waitForLoadState("networkidle");
  await screenshot(page, name);
  a11y.set(name, await seriousA11yViolations(page));
};

const nav = async (text: string) => {
  // A full-page screenshot resizes the viewport, which can make the layout fold the side navigation.
  const open = page.getByRole("button", { name: "Open navigation" });
  if (await open.isVisible()) await open.click();
  await page.getByRole("navigation").getByRole("link", { name: text, exact: true }).first().click();
};

const pickOptions = async (trigger: string, options: string[]) => {
  await page.getByRole("button", { name: trigger }).click();
  for (const o of options) await page.getByRole("option", { name: new RegExp(`^${o}`) }).click();
  await page.keyboard.press("Escape");
};

beforeAll(async () => {
  await ensureWebBuilt();
  [stack, browser] = await Promise.all([startProductStack(), launchBrowser()]);
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
}, 180_000);

afterEach(async (ctx) => {
  if (ctx.task.result?.state === "fail")
    await screenshot(page, `failed-${ctx.task.name.slice(0, 40).replace(/\W+/g, "-")}`);
});

afterAll(async () => {
  // Close both even if one fails, so no server outlives the test run.
  await Promise.allSettled([browser?.close(), stack?.close()]);
});

describe("operator journey", () => {
  it("signs in and lands on Getting started when nothing exists yet", async () => {
    await page.goto(stack.url);
    await expect.poll(() => page.url()).toContain("/login");
    await check("01-login");
    await page.getByLabel("Username").fill("admin");
    await page.getByLabel("Password").fill(ADMIN_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Getting started" }).waitFor();
    expect(await page.getByText("Not yet").count()).toBe(3);
    await check("02-getting-started");
  });

  it("creates a protection group from picked servers", async () => {
    await nav("Protection groups");
    await page.getByRole("button", { name: "Create protection group" }).click();
    await page.getByLabel("Name", { exact: true }).fill("Databases");
    await page.getByLabel("Filter source servers").fill("database");
    const cells = page.getByRole("cell", { name: /^Select .*database/ });
    await cells.first().waitFor();
    await cells.nth(0).click();
    await cells.nth(1).click();
    await expect.poll(() => page.getByText(/\(2 selected of \d+\)/).count()).toBe(1);
    await check("03-protection-group-create");
    await page.getByRole("button", { name: "Create protection group" }).click();
    await page.getByRole("heading", { name: "Protection groups" }).waitFor();
    await page.getByRole("rowheader", { name: "Databases" }).waitFor();
  });

  it("creates protection groups by tags with a live preview of the matching servers", async () => {
    for (const [name, tier] of [
      ["App tier", "app"],
      ["Web tier", "web"],
    ] as const) {
      await page.getByRole("button", { name: "Create protection group" }).click();
      await page.getByLabel("Name", { exact: true }).fill(name);
      await page.getByRole("radio", { name: /^Tags/ }).check();
      await page.getByLabel("Tag key 1").fill("Application");
      await page.getByLabel("Tag value 1").fill("OrderPortal");
      await page.getByRole("button", { name: "Add tag" }).click();
      await page.getByLabel("Tag key 2").fill("Tier");
      await page.getByLabel("Tag value 2").fill(tier);
      const preview = page.getByRole("table", { name: /Matching servers now/ });
      await preview
        .getByRole("rowheader", { name: new RegExp(`-${tier}-`) })
        .first()
        .waitFor();
      if (tier === "app") await check("04-protection-group-tags");
      await page.getByRole("button", { name: "Create protection group" }).click();
      await page.getByRole("rowheader", { name }).waitFor();
    }
    await check("05-protection-groups");
  });

  it("builds a 3-wave plan: wave 3 after waves 1 and 2 with a pause, errors shown at the field", async () => {
    await nav("Recovery plans");
    await page.getByRole("button", { name: "Create recovery plan" }).click();
    await page.getByLabel("Plan name").fill("ERP failover");
    await page.getByLabel("RTO target in minutes").fill("60");
    await page.getByLabel("Wave 1 name").fill("Databases");
    await pickOptions("Wave 1 protection groups", ["Databases"]);
    await page.getByRole("button", { name: "Add wave" }).click();
    await page.getByLabel("Wave 2 name").fill("Applications");
    await pickOptions("Wave 2 protection groups", ["App tier"]);
    await page.getByRole("button", { name: "Add wave" }).click();
    await page.getByLabel("Wave 3 name").fill("Web");
    await pickOptions("Wave 3 depends on waves", ["Wave 1", "Wave 2"]);
    await page.getByLabel(/Pause before wave 3/).check();

    // Wave 3 has no group yet: the API refuses and the message appears under that wave's field.
    await page.getByRole("button", { name: "Create recovery plan" }).click();
    await page
      .getByTestId("wave-3")
      .getByText(/at least one protection group/)
      .waitFor();

    await pickOptions("Wave 3 protection groups", ["Web tier"]);
    const graph = page.getByTestId("dependency-graph");
    await expect.poll(() => graph.getAttribute("aria-label")).toContain("Wave 3 after wave 1 and wave 2");
    await check("06-recovery-plan-editor");
    await page.getByRole("button", { name: "Create recovery plan" }).click();
    await page.getByRole("rowheader", { name: "ERP failover" }).waitFor();
    await check("07-recovery-plans");
  });

  it("runs a drill after a confirmation that names the servers", async () => {
    await page.getByRole("cell", { name: "Select ERP failover" }).click();
    await page.getByRole("button", { name: "Execute" }).click();
    await page.getByRole("menuitem", { name: "Run drill" }).click();
    const servers = page.getByTestId("execute-servers");
    await servers.waitFor();
    const listed = (await servers.textContent()) ?? "";
    expect(listed).toMatch(/6 of 6 server\(s\) will be launched in 3 wave\(s\)/);
    expect(listed).toMatch(/Databases\s*intranet-database-01\s*s-[0-9a-f]{17}\s*CONTINUOUS/);
    await check("08-execute-confirmation");
    await page.getByRole("button", { name: "Start drill" }).click();
    await page.waitForURL(/\/executions\/[^/]+$/);
  });

  it("follows the drill live, resumes at the pause, reports and terminates the instances", async () => {
    let loads = 0;
    page.on("load", () => {
      loads += 1;
    });
    const status = page.getByTestId("execution-status");
    const timeline = page.getByTestId("wave-timeline");
    // Waves 1 and 2 finish and wave 3 waits for approval: pushed over SSE, no reload.
    await status.getByText("PAUSED").waitFor({ timeout: 90_000 });
    expect(await timeline.getByText("COMPLETED").count()).toBe(2);
    await timeline.getByText("WAITING_APPROVAL").waitFor();
    await check("09-execution-paused");
    const resume = page.getByRole("button", { name: "Resume" });
    expect(await resume.isEnabled()).toBe(true);
    expect(await page.getByRole("button", { name: "Terminate instances" }).isDisabled()).toBe(true);
    await resume.click();
    // Resume approves the waiting wave, so it asks first.
    await page.getByRole("button", { name: "Resume execution" }).click();
    await status.getByText("COMPLETED").waitFor({ timeout: 90_000 });
    expect(await timeline.getByText("COMPLETED").count()).toBe(3);
    expect(await resume.isDisabled()).toBe(true);
    expect(loads).toBe(0);

    // The state changes pushed while the page was open are listed under Events.
    await page.getByRole("tab", { name: "Events" }).click();
    await page.getByRole("tabpanel").getByRole("rowheader").first().waitFor();
    expect(await page.getByText("No state changes received yet.").count()).toBe(0);

    await page.getByRole("tab", { name: "Report" }).click();
    await page.getByTestId("rto-actual").waitFor();
    await page.getByText(/Target (met|missed)/).waitFor();
    await check("12-execution-report");

    const terminate = page.getByRole("button", { name: "Terminate instances" });
    await expect.poll(() => terminate.isEnabled()).toBe(true);
    await terminate.click();
    await page.getByRole("dialog").getByRole("button", { name: "Terminate instances" }).click();
    await expect.poll(() => terminate.isDisabled(), { timeout: 60_000 }).toBe(true);
    await page.getByText("Instances terminated").waitFor({ timeout: 60_000 });

    await page.getByRole("button", { name: "Print view" }).click();
    await page.getByRole("heading", { name: /Recovery report: ERP failover/ }).waitFor();
    await check("13-execution-print");
    await page.goBack();
  }, 240_000);
});

describe("a server that fails to launch", () => {
  it("shows DRS's reason in the servers table, on screen at 1280 px, and in the Job log tab; Retry is followed live", async () => {
    // analytics-database-01 of the demo's second account (registered by the first start) always fails.
    const group = await stack.api<{ groupId: string }>("POST", "/protection-groups", {
      groupName: "Analytics database",
      accountId: "222222222222",
      region: "us-east-1",
      tagCriteria: { Application: "Analytics", Tier: "database" },
    });
    const plan = await stack.api<{ planId: string }>("POST", "/recovery-plans", {
      planName: "Analytics drill",
      waves: [{ waveNumber: 1, protectionGroupIds: [group.groupId] }],
    });
    const { executionId } = await stack.api<{ executionId: string }>(
      "POST",
      `/recovery-plans/${plan.planId}/execute`,
      { executionType: "DRILL" },
    );
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${stack.url}/executions/${executionId}`);
    await page.getByTestId("execution-status").getByText("FAILED").waitFor({ timeout: 90_000 });
    const reason = page.getByTestId("server-failure-reason");
    // DRS's own error code and message (the simulator picks one of several real ones).
    await expect.poll(() => reason.textContent()).toMatch(/Failed to launch recovery instance: [\w.]+ - \w/);
    const code = /instance: ([\w.]+) -/.exec((await reason.textContent()) ?? "")?.[1] ?? "";
    const box = await reason.boundingBox();
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(1280);
    await check("14-execution-failed-server");

    await page.getByRole("tab", { name: "Job log" }).click();
    await page.getByRole("tabpanel").getByText(code).first().waitFor();
    expect(await page.getByText("No job log items yet.").count()).toBe(0);

    // Retry asks first, then the page follows the new job live (no reload) to its end.
    let loads = 0;
    page.on("load", () => {
      loads += 1;
    });
    await page.getByRole("tab", { name: "Servers" }).click();
    const job = page.getByTestId("server-table").getByText(/^drsjob-/);
    const firstJob = await job.textContent();
    await page.getByRole("button", { name: "Retry failed" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Retry failed servers" }).click();
    await expect.poll(() => job.textContent(), { timeout: 60_000 }).not.toBe(firstJob);
    await page.getByTestId("execution-status").getByText("FAILED").waitFor({ timeout: 90_000 });
    expect(loads).toBe(0);
    await page.setViewportSize({ width: 1400, height: 1000 });
  }, 120_000);
});

describe("accessibility", () => {
  it("finds no serious or critical axe violations on the pages visited", async () => {
    await nav("Executions");
    await page.getByRole("heading", { name: "Executions" }).waitFor();
    await check("10-executions");
    await nav("Dashboard");
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    await check("11-dashboard");
    expect(Object.fromEntries(a11y)).toEqual(Object.fromEntries([...a11y.keys()].map((k) => [k, []])));
  });
});

describe("execution history", () => {
  it("deletes finished executions in bulk", async () => {
    await nav("Executions");
    await page.getByRole("link", { name: "ERP failover" }).waitFor();
    await page.getByRole("cell", { name: /^Select execution of ERP failover/ }).click();
    await page.getByRole("cell", { name: /^Select execution of Analytics drill/ }).click();
    await page.getByRole("button", { name: "Delete finished" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
    await page.getByText("No executions yet").waitFor();
  });
});
