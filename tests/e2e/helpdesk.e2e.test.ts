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

async function openTicket(
  ticketId: number,
  agent = "1",
): Promise<{ page: Page; sidebar: FrameLocator }> {
  const page = await browser.newPage();
  await page.goto(`${product.url}/tickets/${ticketId}?agent=${agent}`);
  const sidebar = page.frameLocator('iframe[title="Countersign"]');
  await sidebar.getByRole("textbox", { name: "Draft reply" }).waitFor({ timeout: 30_000 });
  return { page, sidebar };
}

async function textOf(sidebar: FrameLocator, label: string): Promise<string> {
  return (await sidebar.getByLabel(label, { exact: true }).first().textContent()) ?? "";
}

describe("the local helpdesk", () => {
  it("lists the demo tickets and opens one with the sidebar inside", async () => {
    const page = await browser.newPage();
    await page.goto(product.url);
    await page.getByRole("link", { name: "Where is my sweater?" }).click();
    await expect.poll(() => page.url()).toMatch(/\/tickets\/101$/);
    const sidebar = page.frameLocator('iframe[title="Countersign"]');
    const customer = sidebar.getByLabel("Customer", { exact: true });
    await customer.waitFor({ timeout: 30_000 });
    expect(await customer.textContent()).toContain("Maya Chen");
    expect(await customer.textContent()).toContain("maya.chen@example.com");
    const height = await page.locator('iframe[title="Countersign"]').evaluate((frame) => {
      return (frame as HTMLIFrameElement).style.height;
    });
    expect(height).toMatch(/^\d+px$/);
    await page.close();
  });

  it("shows a clear message when the sidebar is opened outside a helpdesk", async () => {
    const outside = await browser.newPage();
    await outside.goto(`${product.url}/sidebar/index.html`);
    await outside.getByText("Countersign runs inside your helpdesk").waitFor({ timeout: 10_000 });
    await outside.close();
  });
});

describe("the sidebar's decisions", () => {
  it("answers where-is-my-order with tracking and a one-click reply", async () => {
    const { page, sidebar } = await openTicket(101);
    expect(await textOf(sidebar, "Triage")).toContain("Order status");
    expect(await textOf(sidebar, "Order")).toMatch(/In transit/i);
    expect(await textOf(sidebar, "Decision")).toContain("Reply");
    await sidebar.getByRole("button", { name: /^Approve/ }).waitFor();
    expect(await sidebar.getByText("Offline draft").count()).toBe(1);
    await page.close();
  });

  it("approves a return within policy: the store changes and the reply lands in the conversation", async () => {
    const { page, sidebar } = await openTicket(103);
    expect(await textOf(sidebar, "Decision")).toContain("Return");
    // What decided it is shown; every check the engine ran is one click away.
    expect(await textOf(sidebar, "Decision")).not.toContain("window is 30");
    await sidebar.getByRole("button", { name: /^Show all \d+ checks$/ }).click();
    expect(await textOf(sidebar, "Decision")).toContain("window is 30");
    const draft = sidebar.getByRole("textbox", { name: "Draft reply" });
    await draft.fill(`${await draft.inputValue()}\nWe have emailed you the return label.`);
    await sidebar.getByRole("button", { name: /^Approve return/ }).click();
    const status = sidebar.getByRole("status").filter({ hasText: "Return opened." });
    await status.waitFor({ timeout: 20_000 });
    expect(await status.textContent()).toBe("Return opened. Reply sent.");
    await expect
      .poll(() => page.getByRole("region", { name: "Conversation" }).textContent(), {
        timeout: 10_000,
      })
      .toContain("We have emailed you the return label.");
    // The store itself changed: a fresh brief reads the open return back from the demo store.
    await page.reload();
    await sidebar.getByRole("button", { name: "Regenerate" }).click();
    await expect
      .poll(() => textOf(sidebar, "Order"), { timeout: 20_000 })
      .toMatch(/Returns: .*\(open\)/);
    await page.close();
  });

  it("names the amount of a refund above the agent limit and needs a lead", async () => {
    const { page, sidebar } = await openTicket(104, "2");
    expect(await textOf(sidebar, "Decision")).toContain("a lead must approve");
    const approve = sidebar.getByRole("button", { name: /^Approve refund \$\d+\.\d{2} & send$/ });
    await approve.click();
    const status = sidebar.getByRole("status").filter({ hasText: "needs a lead" });
    await status.waitFor({ timeout: 20_000 });
    await page.close();
  });

  it("offers a replacement for a damaged item", async () => {
    const { page, sidebar } = await openTicket(105);
    expect(await textOf(sidebar, "Decision")).toContain("Replace");
    await sidebar.getByRole("button", { name: "Approve replacement & send" }).waitFor();
    await page.close();
  });

  it("hands a legal threat to a person with no approve button", async () => {
    const { page, sidebar } = await openTicket(106);
    expect(await textOf(sidebar, "Triage")).toContain("Legal threat");
    expect(await textOf(sidebar, "Decision")).toContain("Escalate");
    expect(await sidebar.getByRole("button", { name: /^Approve/ }).count()).toBe(0);
    await sidebar.getByText("A person should handle this ticket").waitFor();
    await sidebar.getByRole("button", { name: "Escalate" }).click();
    await sidebar.getByRole("status").filter({ hasText: "Escalated" }).waitFor({ timeout: 20_000 });
    await page.reload();
    expect(await page.locator("[data-group]").textContent()).toBe("Tier 2 support");
    await expect
      .poll(() => page.getByRole("region", { name: "Conversation" }).textContent())
      .toContain("Countersign escalation");
    await page.close();
  });

  it("says so when the requester has no Shopify orders", async () => {
    const { page, sidebar } = await openTicket(107);
    expect(await textOf(sidebar, "Customer")).toContain(
      "No Shopify customer has this email address.",
    );
    expect(await textOf(sidebar, "Order")).toContain("No order");
    await page.close();
  });

  it("inserts the draft into the helpdesk's reply box", async () => {
    const { page, sidebar } = await openTicket(118);
    const draft = await sidebar.getByRole("textbox", { name: "Draft reply" }).inputValue();
    await sidebar.getByRole("button", { name: "Insert into reply" }).click();
    await expect.poll(() => page.getByLabel("Your reply").inputValue()).toBe(draft);
    await page.close();
  });
});
