import { describe, expect, it } from "vitest";
import { classifyOffline } from "../src/offline-classifier";
import { evaluate, loadBitext, loadClinc, loadEmails } from "./support/eval-sets";

// The thresholds of project issue 5. Each evaluation can fail: it scores every row.
describe("offline classifier accuracy on the eval data", () => {
  it("gets at least 90% of Bitext intents right (label-map.json mapping)", () => {
    const rows = loadBitext();
    expect(rows).toHaveLength(4514);
    const report = evaluate(rows, (row) => classifyOffline({ body: row.body }).intent);
    expect(report.accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it("raises human_requested on most Bitext 'contact_human_agent' rows", () => {
    const rows = loadBitext().filter((row) => row.flags.includes("human_requested"));
    expect(rows.length).toBeGreaterThan(100);
    const raised = rows.filter((row) =>
      classifyOffline({ body: row.body }).flags.includes("human_requested"),
    );
    expect(raised.length / rows.length).toBeGreaterThanOrEqual(0.9);
  });

  it("tells CLINC order_status from out-of-scope queries at least 95% of the time", () => {
    const rows = loadClinc();
    expect(rows).toHaveLength(23700);
    const report = evaluate(rows, (row) => classifyOffline({ body: row.body }).intent);
    expect(report.accuracy).toBeGreaterThanOrEqual(0.95);
    const orderStatus = rows.filter((row) => row.sourceLabel === "order_status");
    const found = evaluate(orderStatus, (row) => classifyOffline({ body: row.body }).intent);
    expect(found.accuracy).toBeGreaterThanOrEqual(0.75);
  });

  it("reads the hand-written multi-sentence emails: intent and exact flags", () => {
    const emails = loadEmails();
    expect(emails.length).toBeGreaterThanOrEqual(20);
    let intentsRight = 0;
    for (const email of emails) {
      const result = classifyOffline(email);
      if (email.intent.includes(result.intent)) {
        intentsRight += 1;
      }
      expect({ id: email.id, flags: result.flags }).toEqual({ id: email.id, flags: email.flags });
      if (email.maxConfidence !== undefined) {
        expect(result.confidence).toBeLessThanOrEqual(email.maxConfidence);
      }
    }
    expect(intentsRight / emails.length).toBeGreaterThanOrEqual(0.9);
  });

  it("is right whenever it is confident: no email at 0.7 or above gets a wrong intent", () => {
    const confidentMisses = loadEmails()
      .map((email) => ({ email, result: classifyOffline(email) }))
      .filter(({ result }) => result.confidence >= 0.7)
      .filter(({ email, result }) => !email.intent.includes(result.intent))
      .map(({ email, result }) => `${email.id}: ${result.intent} at ${result.confidence}`);
    expect(confidentMisses).toEqual([]);
  });
});
