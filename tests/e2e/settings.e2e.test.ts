import type { Browser, FrameLocator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, type RunningProduct, startProduct } from "./support/product";

let product: RunningProduct;
let browser: Browser;

beforeAll(async () => {
  product = await startProduct();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await product?.stop();
});

async function openTicket(ticketId: number): Promise<{ page: Page; sidebar: FrameLocator }> {
  const page = await browser.newPage();
  await page.goto(`${product.url}/tickets/${ticketId}?agent=1`);
  const sidebar = page.frameLocator('iframe[title="Countersign"]');
  await sidebar.getByRole("textbox", { name: "Draft reply" }).waitFor({ timeout: 30_000 });
  return { page, sidebar };
}

async function decisionChecks(sidebar: FrameLocator): Promise<string> {
  await sidebar.getByRole("button", { name: /^Show all \d+ checks$/ }).click();
  return (await sidebar.getByLabel("Decision", { exact: true }).first().textContent()) ?? "";
}

describe("the founder's settings", () => {
  it("changes the return window: the replay shows what changes, and the next brief follows it", async () => {
    // A return inside the 30-day window today.
    const before = await openTicket(103);
    const checks = await decisionChecks(before.sidebar);
    expect(checks).toContain("window is 30");
    const days = Number(/(\d+) days since/.exec(checks)?.[1]);
    expect(days).toBeGreaterThan(0);
    await before.page.close();

    const page = await browser.newPage();
    await page.goto(product.url);
    await page.getByRole("link", { name: "Settings" }).click();
    await expect.poll(() => page.url()).toMatch(/\/settings(\?|$)/);
    const settings = page.frameLocator('iframe[title="Countersign settings"]');
    const window = settings.getByLabel(/^Days a return or refund is accepted/);
    await window.waitFor({ timeout: 30_000 });
    const save = settings.getByRole("button", { name: "Save settings" });

    // The engine's own message for a policy it rejects.
    await window.fill("-5");
    await settings.getByRole("button", { name: "Replay the last 30 days" }).click();
    const alert = settings.getByRole("alert");
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.textContent()).toContain("policy.returnWindowDays");
    expect(await save.isDisabled()).toBe(true);

    // One day shorter than ticket 103 has waited: its return is now out of policy.
    await window.fill(String(days - 1));
    expect(await save.isDisabled()).toBe(true);
    await settings.getByRole("button", { name: "Replay the last 30 days" }).click();
    const replay = settings.getByRole("region", { name: "Replay" });
    await replay.waitFor({ timeout: 20_000 });
    const report = (await replay.textContent()) ?? "";
    expect(report).toMatch(/Replayed \d+ tickets from the last 30 days: 1 decision changes/);
    expect(report).toContain("#103 Return the linen shirt");
    expect(report).toContain("decline");

    await settings.getByLabel(/^Why this change/).fill("shorter window for the winter sale");
    await save.click();
    const saved = settings.getByRole("status").filter({ hasText: "Saved as version" });
    await saved.waitFor({ timeout: 20_000 });
    expect(await saved.textContent()).toContain("Saved as version 1");
    await settings.getByText("shorter window for the winter sale").waitFor();
    await page.close();

    const after = await openTicket(103);
    const decided = await decisionChecks(after.sidebar);
    expect(decided).toContain("Decline");
    expect(decided).toContain(`window is ${days - 1}`);
    await after.page.close();
  });

  it("shows the metrics with their definitions, the autopilot queue, and exports the audit log", async () => {
    const page = await browser.newPage();
    await page.goto(`${product.url}/settings?agent=1`);
    const settings = page.frameLocator('iframe[title="Countersign settings"]');
    await settings.getByRole("tab", { name: "Metrics" }).click();
    const chart = settings.getByRole("region", { name: "Escalation rate" });
    await chart.waitFor({ timeout: 20_000 });
    expect(await chart.textContent()).toContain("Tickets the decision handed to a person");
    expect(await settings.getByRole("img", { name: /^Escalation rate: / }).count()).toBe(1);

    await settings.getByRole("tab", { name: "Autopilot" }).click();
    const breaker = settings.getByRole("region", { name: "Circuit breaker" });
    await breaker.waitFor({ timeout: 20_000 });
    expect(await breaker.textContent()).toContain("Within the limits.");
    await settings.getByText("Autopilot has not acted yet.").waitFor();

    await settings.getByRole("tab", { name: "Audit log" }).click();
    await settings.getByLabel(/^Ticket id/).fill("103");
    await settings.getByRole("button", { name: "Export JSON" }).click();
    const status = settings.getByRole("status").filter({ hasText: "Exported" });
    await status.waitFor({ timeout: 20_000 });
    expect(await status.textContent()).toMatch(/Exported [1-9]\d* events as JSON\./);
    await page.close();
  });
});
