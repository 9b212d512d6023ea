import { sign } from "hono/jwt";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, type RunningProduct, startProduct } from "./support/product";

// The local helpdesk's development secret and account: links for it are signed the same way
// the Gorgias route signs them for a Gorgias account.
const secret = "countersign-local-helpdesk-development-only";
const account = "local";

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

async function linkFor(ticketId: number, agentId: string, lifetimeSeconds = 3600) {
  const iat = Math.floor(Date.now() / 1000);
  const token = await sign(
    {
      iss: account,
      aud: "countersign:ticket-link",
      sub: agentId,
      tkt: ticketId,
      iat,
      exp: iat + lifetimeSeconds,
    },
    secret,
    "HS256",
  );
  return `${product.url}/sidebar/approve.html#token=${token}`;
}

describe("the approve page a Gorgias widget links to", () => {
  it("shows the ticket's brief and approves it with the link's agent", async () => {
    const page = await browser.newPage();
    await page.goto(await linkFor(101, "2"));
    await page.getByRole("heading", { name: "Ticket 101" }).waitFor({ timeout: 10_000 });
    const draft = page.getByRole("textbox", { name: "Draft reply" });
    await draft.waitFor({ timeout: 30_000 });
    expect(await page.getByLabel("Triage", { exact: true }).textContent()).toContain(
      "Order status",
    );
    await page.getByRole("button", { name: "Copy reply" }).waitFor();
    await draft.fill(`${await draft.inputValue()}\nSent from the approve page.`);
    await page.getByRole("button", { name: /^Approve/ }).click();
    await page.getByRole("status").filter({ hasText: "Reply sent." }).waitFor({ timeout: 15_000 });
    // The reply is on the ticket, as the helpdesk shows it.
    const ticket = await browser.newPage();
    await ticket.goto(`${product.url}/tickets/101?agent=2`);
    await ticket.getByText("Sent from the approve page.").first().waitFor({ timeout: 10_000 });
    await ticket.close();
    await page.close();
  });

  it("explains an expired or incomplete link instead of showing an empty page", async () => {
    const page = await browser.newPage();
    await page.goto(await linkFor(101, "2", -60));
    await page
      .getByRole("alert")
      .getByText(/This link has expired/)
      .waitFor({ timeout: 10_000 });
    await page.goto(`${product.url}/sidebar/approve.html`);
    await page.reload();
    await page
      .getByRole("alert")
      .getByText(/opens from the Countersign widget/)
      .waitFor();
    await page.close();
  });

  it("shows the server's refusal for another ticket's link", async () => {
    const page = await browser.newPage();
    const url = await linkFor(102, "2");
    // The same token with the ticket changed in the page's address is refused by the server.
    await page.goto(url);
    await page.getByRole("textbox", { name: "Draft reply" }).waitFor({ timeout: 30_000 });
    const forged = await page.evaluate(async () => {
      const token = new URLSearchParams(window.location.hash.slice(1)).get("token") ?? "";
      const response = await fetch("/api/tickets/101/brief", {
        headers: { authorization: `Bearer ${token}` },
      });
      return response.status;
    });
    expect(forged).toBe(403);
    await page.close();
  });
});

/** A request header as the local helpdesk's proxy signs it for the lead (agent 1). */
async function asLead(): Promise<Record<string, string>> {
  const iat = Math.floor(Date.now() / 1000);
  const claims = { iss: account, sub: "1", iat, exp: iat + 60, jti: crypto.randomUUID() };
  return { authorization: `Bearer ${await sign(claims, secret, "HS256")}` };
}

describe("a category in shadow mode", () => {
  it("keeps the decision and draft out of the sidebar and says why", async () => {
    // The founder puts exchanges in shadow mode (as the settings page would save it).
    const current = (await (
      await fetch(`${product.url}/api/settings`, { headers: await asLead() })
    ).json()) as { version: number };
    const saved = await fetch(`${product.url}/api/settings`, {
      method: "PUT",
      headers: { ...(await asLead()), "content-type": "application/json" },
      body: JSON.stringify({
        expectedVersion: current.version,
        policy: {},
        brandVoice: {},
        modes: { exchange: "shadow" },
        leadRoles: ["admin"],
      }),
    });
    expect(saved.status).toBe(200);
    const page = await browser.newPage();
    await page.goto(`${product.url}/tickets/112?agent=2`);
    const sidebar = page.frameLocator('iframe[title="Countersign"]');
    const notice = sidebar.getByRole("note", { name: "Shadow mode" });
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.textContent()).toContain("compare them with the reply you send");
    expect(await sidebar.getByLabel("Triage", { exact: true }).textContent()).toContain("Exchange");
    expect(await sidebar.getByRole("textbox", { name: "Draft reply" }).count()).toBe(0);
    expect(await sidebar.getByRole("button", { name: /^Approve/ }).count()).toBe(0);
    await page.close();
  });
});
