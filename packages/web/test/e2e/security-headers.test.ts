import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./support/browser";
import { ADMIN_PASSWORD, type ProductStack, startProductStack } from "./support/product-stack";
import { ensureWebBuilt } from "./support/web-build";

/**
 * The server's Content-Security-Policy (server/src/http/security-headers.ts) must let every page of
 * the console and the API docs work: no page may log a CSP violation.
 */
let stack: ProductStack;
let browser: Browser;
const HOME = "accountId=111111111111&region=us-east-1";

beforeAll(async () => {
  await ensureWebBuilt();
  [stack, browser] = await Promise.all([startProductStack(), launchBrowser()]);
}, 180_000);

afterAll(async () => {
  await Promise.allSettled([browser?.close(), stack?.close()]);
});

/** A page that records every CSP violation: the DOM event and Chromium's console report. */
async function watchedPage(): Promise<{ page: Page; violations: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  // Generous: the suite shares a loaded CI machine; a blocked script fails the checks, not the wait.
  page.setDefaultTimeout(60_000);
  const violations: string[] = [];
  await page.exposeFunction("__reportCsp", (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __reportCsp: (v: string) => void }).__reportCsp(
        `${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(`console: ${m.text()}`);
  });
  return { page, violations };
}

describe("content security policy", () => {
  it("every console page and the API docs load without a CSP violation", async () => {
    const servers = await stack.api<{ items: { serverId: string }[] }>("GET", `/drs/source-servers?${HOME}`);
    const serverId = servers.items[0]?.serverId ?? "";
    const group = await stack.api<{ groupId: string }>("POST", "/protection-groups", {
      groupName: "CSP group",
      accountId: "111111111111",
      region: "us-east-1",
      serverIds: [serverId],
    });
    const plan = await stack.api<{ planId: string }>("POST", "/recovery-plans", {
      planName: "CSP plan",
      waves: [{ waveNumber: 1, protectionGroupIds: [group.groupId] }],
    });
    const execution = await stack.api<{ executionId: string }>(
      "POST",
      `/recovery-plans/${plan.planId}/execute`,
      {
        executionType: "DRILL",
      },
    );

    const { page, violations } = await watchedPage();
    const response = await page.goto(`${stack.url}/login`);
    expect(response?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    await page.getByLabel("Username").fill("admin");
    await page.getByLabel("Password").fill(ADMIN_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/(dashboard|getting-started|protection-groups)/);

    const paths = [
      "/dashboard",
      "/getting-started",
      "/protection-groups",
      "/protection-groups/new",
      `/protection-groups/${group.groupId}/edit`,
      "/recovery-plans",
      "/recovery-plans/new",
      `/recovery-plans/${plan.planId}/edit`,
      "/executions",
      `/executions/${execution.executionId}`,
      `/executions/${execution.executionId}/print`,
      "/tag-sync",
      "/source-servers",
      `/source-servers/${serverId}/launch-settings`,
      `/source-servers/${serverId}/replication-settings`,
      `/source-servers/${serverId}/tags`,
    ];
    for (const path of paths) {
      await page.goto(`${stack.url}${path}`);
      await page.waitForLoadState("networkidle");
      // The console rendered something (a blocked script would leave the root empty).
      await page.locator("#root > *").first().waitFor();
      expect(violations, path).toEqual([]);
    }

    await page.goto(`${stack.url}/api/docs`);
    await page.getByText("DRS Orchestrator API").first().waitFor();
    await page.waitForLoadState("networkidle");
    expect(violations).toEqual([]);
    // Authorizing in Swagger UI leaves nothing in localStorage.
    await page.locator("button.authorize").first().click();
    const modal = page.locator(".modal-ux");
    await modal.locator("input").first().fill("some-token");
    await modal.locator("button.authorize").first().click();
    // Swagger UI shows the scheme as authorized (the token is in use, in memory).
    // (its Logout button is labelled "Remove authorization" for assistive technology)
    await modal
      .locator("button", { hasText: /^Logout$/ })
      .first()
      .waitFor();
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
    expect(stored).not.toContain("some-token");
    expect(violations).toEqual([]);
    await page.context().close();
  }, 600_000);
});
