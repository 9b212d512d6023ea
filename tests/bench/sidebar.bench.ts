// The sidebar in Chromium: its JS bundle (gzip) and, for a prepared brief, the time from the
// iframe's navigation start to the draft on screen.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { launchBrowser, startProduct } from "../e2e/support/product";

const root = fileURLToPath(new URL("../../", import.meta.url));

function figure(name: string, value: number, unit: string): void {
  console.log(JSON.stringify({ name, value: Math.round(value * 100) / 100, unit }));
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const assets = join(root, "apps", "sidebar", "dist", "assets");
if (existsSync(assets)) {
  const js = readdirSync(assets).filter((name) => name.endsWith(".js"));
  const gzip = js.reduce((sum, name) => sum + gzipSync(readFileSync(join(assets, name))).length, 0);
  figure("sidebar.bundle_js_gzip", gzip / 1024, "KiB");
}

const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (existsSync(chromiumPath) && existsSync(assets)) {
  const product = await startProduct();
  const browser = await launchBrowser();
  try {
    const warm = await browser.newPage();
    const samples: number[] = [];
    for (const ticketId of [101, 103, 105, 107, 110, 112]) {
      // Prepare it first, as the webhook would have.
      await warm.goto(`${product.url}/tickets/${ticketId}`);
      await warm
        .frameLocator('iframe[title="Countersign"]')
        .getByRole("textbox", { name: "Draft reply" })
        .waitFor({ timeout: 30_000 });
      const page = await browser.newPage();
      await page.goto(`${product.url}/tickets/${ticketId}`);
      const frame =
        page.frames().find((candidate) => candidate.url().includes("/sidebar/")) ??
        (await page.waitForEvent("frameattached"));
      await frame.waitForSelector("textarea", { timeout: 30_000 });
      // From the iframe's own navigation start to the draft being on screen.
      const elapsed = await frame.evaluate(() => performance.now());
      samples.push(elapsed);
      await page.close();
    }
    figure("sidebar.load_to_draft_visible.p50", percentile(samples, 50), "ms");
    figure("sidebar.load_to_draft_visible.max", Math.max(...samples), "ms");
  } finally {
    await browser.close();
    await product.stop();
  }
}
