import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  fixtureDemoData,
  launchBrowser,
  type RunningProduct,
  startProduct,
} from "./support/product";

let product: RunningProduct;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  product = await startProduct({ COUNTERSIGN_DEMO_DATA: fixtureDemoData });
  browser = await launchBrowser();
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
  await product?.stop();
});

describe("the local helpdesk", () => {
  it("lists the demo tickets and opens one with the sidebar showing its requester", async () => {
    await page.goto(product.url);
    await page.getByRole("link", { name: "Where is my parcel?" }).click();
    await expect.poll(() => page.url()).toMatch(/\/tickets\/501$/);
    await expect
      .poll(() => page.getByRole("region", { name: "Conversation" }).textContent())
      .toContain("order #1207");

    const frame = page.frameLocator('iframe[title="Countersign"]');
    const customer = frame.getByLabel("Customer");
    await customer.waitFor({ timeout: 20_000 });
    expect(await customer.textContent()).toContain("Priya Natarajan");
    expect(await customer.textContent()).toContain("priya@example.com");
  });

  it("resizes the sidebar iframe through ZAF", async () => {
    const height = await page.locator('iframe[title="Countersign"]').evaluate((frame) => {
      return (frame as HTMLIFrameElement).style.height;
    });
    expect(height).toMatch(/^\d+px$/);
  });

  it("shows a clear message when the sidebar is opened outside a helpdesk", async () => {
    const outside = await browser.newPage();
    await outside.goto(`${product.url}/sidebar/index.html`);
    await outside.getByText("Countersign runs inside your helpdesk").waitFor({ timeout: 10_000 });
    await outside.close();
  });
});
