import { mkdirSync } from "node:fs";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, seriousA11yViolations } from "./support/browser";
import { ADMIN_PASSWORD, type ProductStack, startProductStack } from "./support/product-stack";
import { ensureWebBuilt } from "./support/web-build";

/**
 * What a new operator meets first, in Chromium against `drso serve`: the
 * Accounts page (the demo's second account already there; register, validate with a wrong
 * ExternalId, edit, delete; masked and read-only for a viewer), the plan editor's Add wave and
 * Enter, the side navigation at desktop width, and tables at 1280 px that neither break states
 * and ids mid-word nor cut them off.
 */
let stack: ProductStack;
let browser: Browser;
const a11y = new Map<string, string[]>();
/** Screenshots a reviewer looks at, beside the suite's own folder. */
const SHOTS = "/tmp/shots";

const signIn = async (username: string, password: string, path: string, width = 1400): Promise<Page> => {
  const context = await browser.newContext({ viewport: { width, height: 1000 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${stack.url}${path}`);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  return page;
};

const check = async (page: Page, name: string) => {
  await page.waitForLoadState("networkidle");
  await screenshot(page, name);
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  a11y.set(name, await seriousA11yViolations(page));
};

const navigationOpen = (page: Page) => page.getByRole("button", { name: "Close navigation" }).isVisible();

/**
 * How each piece of text in the cells is laid out: the number of lines it takes, and whether it
 * is cut off (drawn past its cell's edge, which is how a table truncates).
 */
const textLayout = (cells: Locator) =>
  cells.evaluateAll((tds) =>
    tds.flatMap((td) => {
      const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
      const out: { text: string; lines: number; cut: boolean }[] = [];
      const cell = td.getBoundingClientRect();
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = n.textContent?.trim() ?? "";
        if (!text) continue;
        const range = document.createRange();
        range.selectNodeContents(n);
        const rects = [...range.getClientRects()].filter((r) => r.width > 0);
        const lines = new Set(rects.map((r) => Math.round(r.top))).size;
        const right = Math.max(...rects.map((r) => r.right));
        out.push({ text, lines, cut: right > cell.right + 0.5 });
      }
      return out;
    }),
  );

/** Column headers drawn past the window's right edge: a table wider than the page, its end scrolled away. */
const headersOffScreen = (page: Page) =>
  page
    .locator("table thead th")
    .evaluateAll((ths) =>
      ths
        .filter((th) => th.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
        .map((th) => th.textContent ?? ""),
    );

beforeAll(async () => {
  await ensureWebBuilt();
  [stack, browser] = await Promise.all([startProductStack(), launchBrowser()]);
  await stack.addUser("viewer", "DRSReadOnly", "viewer-password");
}, 180_000);

afterAll(async () => {
  await Promise.allSettled([browser?.close(), stack?.close()]);
});

describe("Accounts page", () => {
  it("lists the demo's second account, registers one, says to check a refused ExternalId, edits and deletes it", {
    timeout: 90_000,
  }, async () => {
    const page = await signIn("admin", ADMIN_PASSWORD, "/dashboard");
    await page
      .getByRole("navigation", { name: "Navigation" })
      .getByRole("link", { name: "Accounts", exact: true })
      .click();
    await page.getByRole("heading", { name: "Accounts", level: 1 }).waitFor();
    await page.getByRole("rowheader", { name: "222222222222" }).waitFor();
    expect(await page.getByRole("row", { name: /222222222222/ }).textContent()).toContain("Validated");

    await page.getByRole("button", { name: "Register account" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Account ID").fill("333333333333");
    await dialog.getByLabel("Name", { exact: true }).fill("Not set up yet");
    await dialog.getByLabel("ExternalId").fill("a-wrong-external-id");
    await dialog.getByRole("button", { name: "Register" }).click();
    await page.getByText("Registered Not set up yet (333333333333)").waitFor();

    await page.getByRole("cell", { name: "Select Not set up yet" }).click();
    await page.getByRole("button", { name: "Validate", exact: true }).click();
    await page.getByText("Validation of Not set up yet failed").waitFor();
    const row = page.getByRole("row", { name: /333333333333/ });
    await expect.poll(() => row.textContent()).toContain("AssumeRole refused: check the ExternalId");
    await check(page, "60-accounts");

    await page.getByRole("button", { name: "Edit", exact: true }).click();
    await dialog.getByLabel("Name", { exact: true }).fill("Recovery sandbox");
    await dialog.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Saved Recovery sandbox.").waitFor();
    const stored = await stack.api<{ accountName: string; externalId: string; version: number }>(
      "GET",
      "/accounts/targets/333333333333",
    );
    // Validating is not an edit: the one edit made version 2.
    expect(stored).toMatchObject({
      accountName: "Recovery sandbox",
      externalId: "a-wrong-external-id",
      version: 2,
    });

    await page.getByRole("button", { name: "Delete", exact: true }).click();
    await dialog.getByRole("button", { name: "Delete" }).click();
    await page.getByText("Deleted target account Recovery sandbox.").waitFor();
    await expect.poll(() => page.getByRole("rowheader", { name: "333333333333" }).count()).toBe(0);
    await page.context().close();
  });

  it("shows a read-only user the accounts with the ExternalId masked and no actions", {
    timeout: 90_000,
  }, async () => {
    const page = await signIn("viewer", "viewer-password", "/accounts");
    await page.getByRole("rowheader", { name: "222222222222" }).waitFor();
    const row = await page.getByRole("row", { name: /222222222222/ }).textContent();
    expect(row).toContain("****************");
    expect(row).not.toContain("drso-demo-external-id");
    for (const action of ["Register account", "Validate", "Edit", "Delete"])
      expect(await page.getByRole("button", { name: action, exact: true }).count(), action).toBe(0);
    await check(page, "61-accounts-read-only");
    await page.context().close();
  });
});

describe("plan editor", () => {
  it("adds a wave (button or Enter in a wave name) without saving, and drops a stale refusal on the next change", {
    timeout: 90_000,
  }, async () => {
    const page = await signIn("admin", ADMIN_PASSWORD, "/recovery-plans/new");
    await page.getByRole("heading", { name: "Create recovery plan" }).waitFor();
    const posts: string[] = [];
    page.on("request", (r) => {
      if (r.method() !== "GET") posts.push(`${r.method()} ${new URL(r.url()).pathname}`);
    });
    await page.getByLabel("Plan name").fill("Two waves");
    await page.getByRole("button", { name: "Add wave" }).click();
    await page.getByLabel("Wave 2 name").waitFor();
    await page.getByLabel("Wave 2 name").fill("Application");
    await page.getByLabel("Wave 2 name").press("Enter");
    await page.getByRole("button", { name: "Move wave 2 up" }).click();
    await page.getByLabel("Wave 1 name").waitFor();
    expect(posts).toEqual([]);
    expect(await page.getByText("Error", { exact: true }).count()).toBe(0);

    // Saved without protection groups: the API refuses, the banner explains; typing clears it.
    await page.getByRole("button", { name: "Create recovery plan" }).click();
    await expect.poll(() => posts).toEqual(["POST /api/recovery-plans"]);
    const banner = page.getByText(/VALIDATION_ERROR/).first();
    await banner.waitFor();
    await check(page, "62-plan-editor-refused");
    await page.getByLabel("Plan name").fill("Two waves, renamed");
    await expect.poll(() => page.getByText(/VALIDATION_ERROR/).count()).toBe(0);
    await page.context().close();
  });
});

describe("console layout", () => {
  it("keeps the side navigation open across pages at 1400 px; its close button still closes it", {
    timeout: 90_000,
  }, async () => {
    const page = await signIn("admin", ADMIN_PASSWORD, "/source-servers");
    await page.getByRole("heading", { name: "Source servers", level: 1 }).waitFor();
    await page.getByRole("cell", { name: "CONTINUOUS" }).first().waitFor();
    // A full-page capture of the wide table made AppLayout close the navigation for good.
    await check(page, "63-source-servers-1400");
    for (const link of ["Recovery plans", "Executions", "Accounts", "Dashboard"]) {
      await page
        .getByRole("navigation", { name: "Navigation" })
        .getByRole("link", { name: link, exact: true })
        .click();
      await page.getByRole("heading", { name: link, level: 1 }).waitFor();
      expect(await navigationOpen(page), `after ${link}`).toBe(true);
    }
    await page.getByRole("button", { name: "Close navigation" }).click();
    await expect.poll(() => navigationOpen(page)).toBe(false);
    await page.context().close();
  });

  it("at 1280 px breaks no state or id mid-word and cuts none off (source servers, dashboard, accounts, groups, plans)", {
    timeout: 120_000,
  }, async () => {
    const page = await signIn("admin", ADMIN_PASSWORD, "/source-servers", 1280);
    await page.getByRole("heading", { name: "Source servers", level: 1 }).waitFor();
    await page.getByRole("cell", { name: "CONTINUOUS" }).first().waitFor();
    const table = page.getByRole("table").first();
    // Columns: selection, hostname, server id, replication, ...
    for (const column of [2, 3, 4]) {
      const layout = await textLayout(table.locator(`tbody tr > :nth-child(${column})`));
      expect(layout.length, `column ${column}`).toBeGreaterThan(0);
      expect(
        layout.filter((t) => t.lines > 1 || t.cut),
        `column ${column}`,
      ).toEqual([]);
    }
    await check(page, "64-source-servers-1280");
    expect(await headersOffScreen(page)).toEqual([]);

    await page
      .getByRole("navigation", { name: "Navigation" })
      .getByRole("link", { name: "Dashboard", exact: true })
      .click();
    const attention = page.getByRole("table").filter({ hasText: "DISCONNECTED" });
    await attention.waitFor();
    const states = await textLayout(attention.locator("tbody tr > :nth-child(2)"));
    expect(states.map((s) => s.text)).toContain("DISCONNECTED");
    expect(states.filter((t) => t.lines > 1 || t.cut)).toEqual([]);
    await check(page, "65-dashboard-1280");
    expect(await headersOffScreen(page)).toEqual([]);

    await page
      .getByRole("navigation", { name: "Navigation" })
      .getByRole("link", { name: "Accounts", exact: true })
      .click();
    await page.getByRole("heading", { name: "Accounts", level: 1 }).waitFor();
    await page.getByRole("rowheader", { name: "222222222222", exact: true }).waitFor();
    const accounts = page.getByRole("table").first();
    for (const column of [2, 4]) {
      const layout = await textLayout(accounts.locator(`tbody tr > :nth-child(${column})`));
      expect(
        layout.filter((t) => t.lines > 1 || t.cut),
        `column ${column}`,
      ).toEqual([]);
    }
    // The validation's state and time stay on one line; STS's message below it is prose and wraps.
    const validation = (await textLayout(accounts.locator("tbody tr > :nth-child(6)"))).filter((t) =>
      /^(Validated|Failed)/.test(t.text),
    );
    expect(validation.length).toBeGreaterThan(0);
    expect(validation.filter((t) => t.lines > 1 || t.cut)).toEqual([]);
    await check(page, "66-accounts-1280");
    expect(await headersOffScreen(page)).toEqual([]);

    const group = await stack.api<{ groupId: string }>("POST", "/protection-groups", {
      groupName: "Payments web tier",
      accountId: "111111111111",
      region: "us-east-1",
      tagCriteria: { Application: "Payments", Tier: "web" },
    });
    await stack.api("POST", "/recovery-plans", {
      planName: "Payments",
      waves: [{ waveNumber: 1, protectionGroupIds: [group.groupId] }],
    });
    for (const [link, row] of [
      ["Protection groups", "Payments web tier"],
      ["Recovery plans", "Payments"],
    ] as const) {
      await page
        .getByRole("navigation", { name: "Navigation" })
        .getByRole("link", { name: link, exact: true })
        .click();
      await page.getByRole("rowheader", { name: row, exact: true }).waitFor();
      await check(page, `67-${link.toLowerCase().replace(" ", "-")}-1280`);
      expect(await headersOffScreen(page), link).toEqual([]);
    }
    await page.context().close();
  });

  it("meets WCAG 2.1 AA on these pages (axe: no serious or critical violations)", () => {
    expect(Object.fromEntries(a11y)).toEqual(Object.fromEntries([...a11y.keys()].map((k) => [k, []])));
  });
});
