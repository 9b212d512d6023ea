import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pngSize } from "../../scripts/package-zendesk.mjs";
import { launchBrowser, type RunningProduct, startProduct } from "./support/product";

// The Marketplace listing's screenshot: the real sidebar beside a ticket, in the local helpdesk.
// It replaces the committed one when that is missing or UPDATE_SCREENSHOTS=1; otherwise it goes
// to test-results/, so a test run leaves the working tree as it was.
const committed = fileURLToPath(new URL("../../manifest/assets/screenshot-0.png", import.meta.url));
const screenshotPath =
  process.env.UPDATE_SCREENSHOTS === "1" || !existsSync(committed)
    ? committed
    : fileURLToPath(new URL("../../test-results/screenshot-0.png", import.meta.url));

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

describe("Marketplace screenshots", () => {
  it("captures a ticket with its prepared brief at 1024x768", async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    await page.goto(`${product.url}/tickets/101?agent=1`);
    const sidebar = page.frameLocator('iframe[title="Countersign"]');
    await sidebar.getByRole("textbox", { name: "Draft reply" }).waitFor({ timeout: 30_000 });
    await sidebar.getByRole("button", { name: /^Approve/ }).waitFor();
    await page.screenshot({ path: screenshotPath, fullPage: false });
    await page.close();
    expect(pngSize(readFileSync(screenshotPath))).toEqual({ width: 1024, height: 768 });
  });
});
