import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot } from "./support/browser";
import { ADMIN_PASSWORD, type ProductStack, startProductStack } from "./support/product-stack";
import { ensureWebBuilt } from "./support/web-build";

let stack: ProductStack;
let browser: Browser;

beforeAll(async () => {
  await ensureWebBuilt();
  // Simulated DRS at the real pace: the drill's job is still running when it is cancelled.
  [stack, browser] = await Promise.all([startProductStack({ timeScale: 1 }), launchBrowser()]);
}, 180_000);

afterAll(async () => {
  await Promise.allSettled([browser?.close(), stack?.close()]);
});

describe("force cancel on the execution page", () => {
  it("offers Force cancel once a cancel has waited over a minute, asks, and ends the execution CANCELLED", async () => {
    const group = await stack.api<{ groupId: string }>("POST", "/protection-groups", {
      groupName: "Intranet web",
      accountId: "111111111111",
      region: "us-east-1",
      tagCriteria: { Application: "Intranet", Tier: "web" },
    });
    const plan = await stack.api<{ planId: string }>("POST", "/recovery-plans", {
      planName: "Intranet drill",
      waves: [{ waveNumber: 1, protectionGroupIds: [group.groupId] }],
    });
    const { executionId } = await stack.api<{ executionId: string }>(
      "POST",
      `/recovery-plans/${plan.planId}/execute`,
      { executionType: "DRILL" },
    );
    for (let i = 0; i < 200; i++) {
      const e = await stack.api<{ waveStatus: { jobIds: string[] }[] }>("GET", `/executions/${executionId}`);
      if ((e.waveStatus[0]?.jobIds.length ?? 0) > 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await stack.api("POST", `/executions/${executionId}/cancel`);

    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    // The page's clock runs from now; the test moves it past the minute instead of waiting.
    await page.clock.install();
    await page.goto(`${stack.url}/executions/${executionId}`);
    await page.getByLabel("Username").fill("admin");
    await page.getByLabel("Password").fill(ADMIN_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByTestId("execution-status").getByText("CANCELLING").waitFor();
    expect(await page.getByRole("button", { name: "Force cancel" }).count()).toBe(0);

    await page.clock.fastForward("01:10");
    await page.getByRole("button", { name: "Force cancel" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("over a minute").waitFor();
    await screenshot(page, "30-force-cancel");
    await dialog.getByRole("button", { name: "Force cancel" }).click();
    await page.getByTestId("execution-status").getByText("CANCELLED").waitFor();
    const after = await stack.api<{ status: string; cancellation?: { forcedBy?: string } }>(
      "GET",
      `/executions/${executionId}`,
    );
    expect(after).toMatchObject({ status: "CANCELLED", cancellation: { forcedBy: "admin" } });
    await context.close();
  }, 180_000);
});
