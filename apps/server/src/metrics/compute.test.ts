import { describe, expect, it } from "vitest";
import { computeMetrics, periodOf, type TicketFacts } from "./compute";

function ticket(
  ticketId: string,
  prepared: string,
  overrides: Partial<TicketFacts> = {},
): TicketFacts {
  const preparedAt = new Date(prepared);
  return {
    ticketId,
    createdAt: preparedAt,
    firstPreparedAt: preparedAt,
    preparedAt,
    intent: "return",
    action: "return",
    tier: 2,
    confidence: 0.9,
    factCheckOk: true,
    costUsd: 0,
    approval: null,
    autopilot: false,
    escalatedByAgent: false,
    replySentAt: null,
    shadow: null,
    ...overrides,
  };
}

const at = (iso: string) => new Date(iso);

// Week of Monday 9 November, then week of Monday 16 November 2026.
const seeded: TicketFacts[] = [
  ticket("A1", "2026-11-10T10:00:00Z", {
    createdAt: at("2026-11-10T09:59:00Z"),
    approval: { at: at("2026-11-10T10:02:00Z"), editDistance: 0 },
    replySentAt: at("2026-11-10T10:02:05Z"),
    costUsd: 0.01,
  }),
  ticket("A2", "2026-11-11T08:00:00Z", {
    createdAt: at("2026-11-11T07:58:00Z"),
    approval: { at: at("2026-11-11T08:05:00Z"), editDistance: 0 },
    replySentAt: at("2026-11-11T08:05:00Z"),
    costUsd: 0.02,
  }),
  ticket("A3", "2026-11-12T12:00:00Z", { intent: "complaint", action: "escalate", tier: 4 }),
  ticket("A4", "2026-11-13T09:00:00Z", {
    intent: "sizing",
    action: "reply",
    tier: 1,
    shadow: { matched: true },
  }),
  ticket("B1", "2026-11-17T09:00:00Z", {
    createdAt: at("2026-11-17T08:59:00Z"),
    approval: { at: at("2026-11-17T09:01:00Z"), editDistance: 12 },
    replySentAt: at("2026-11-17T09:01:10Z"),
    costUsd: 0.03,
  }),
  ticket("B2", "2026-11-18T09:00:00Z", {
    approval: { at: at("2026-11-18T09:10:00Z"), editDistance: 0 },
    replySentAt: at("2026-11-18T09:10:00Z"),
    costUsd: 0.01,
  }),
  ticket("B3", "2026-11-18T10:00:00Z", {
    intent: "order_status",
    action: "reply",
    tier: 1,
    createdAt: at("2026-11-18T09:59:30Z"),
    autopilot: true,
    replySentAt: at("2026-11-18T10:00:00Z"),
  }),
  ticket("B4", "2026-11-19T10:00:00Z", {
    intent: "refund",
    action: "refund",
    confidence: 0.5,
    escalatedByAgent: true,
    costUsd: 0.02,
  }),
  ticket("B5", "2026-11-19T11:00:00Z", {
    intent: "other",
    action: "reply",
    tier: 1,
    shadow: { matched: true },
  }),
  ticket("B6", "2026-11-20T11:00:00Z", {
    intent: "sizing",
    action: "reply",
    tier: 1,
    shadow: { matched: true },
  }),
  ticket("B7", "2026-11-20T12:00:00Z", {
    intent: "sizing",
    action: "reply",
    tier: 1,
    factCheckOk: false,
    shadow: { matched: false },
  }),
];

describe("metrics from seeded tickets", () => {
  const report = computeMetrics(seeded, "week");
  const [first, second] = report.periods;

  it("buckets by ISO week starting Monday", () => {
    expect(periodOf(at("2026-11-22T23:59:59Z"), "week")).toBe("2026-11-16");
    expect(periodOf(at("2026-11-16T00:00:00Z"), "week")).toBe("2026-11-16");
    expect(periodOf(at("2026-11-15T23:59:59Z"), "week")).toBe("2026-11-09");
    expect(report.periods.map((period) => period.period)).toEqual(["2026-11-09", "2026-11-16"]);
  });

  it("equals the hand-computed figures of the first week", () => {
    expect(first).toMatchObject({
      tickets: 4,
      autonomousResolutionRate: 0,
      escalationRate: 1 / 4,
      escalationAccuracy: 1,
      // first responses 185 s and 420 s; approvals after 120 s and 300 s
      firstResponseMedianSeconds: 302.5,
      timeToApproveMedianSeconds: 210,
      knowledgeGaps: {},
      falling: [],
    });
    expect(first?.costPerTicketUsd).toBeCloseTo(0.03 / 4, 10);
    expect(first?.categories.return).toMatchObject({
      tickets: 2,
      approved: 2,
      approvedWithoutEdits: 2,
      approvalWithoutEditsRate: 1,
      meanEditDistance: 0,
    });
  });

  it("equals the hand-computed figures of the second week, and flags the falling category", () => {
    expect(second).toMatchObject({
      tickets: 7,
      autonomousResolutionRate: 1 / 7,
      escalationRate: 1 / 7,
      // the one ticket that went to a person was escalated by the agent, not the decision
      escalationAccuracy: 0,
      // first responses 130 s, 600 s, 30 s; approvals after 60 s and 600 s
      firstResponseMedianSeconds: 130,
      timeToApproveMedianSeconds: 330,
      knowledgeGaps: { refund: 1, other: 1, sizing: 1 },
      falling: [
        { intent: "return", metric: "approvalWithoutEditsRate", from: 1, to: 0.5 },
        // 1 of 1 shadow tickets matched in the first week, 1 of 2 in the second
        { intent: "sizing", metric: "shadowAgreement", from: 1, to: 0.5 },
      ],
    });
    expect(second?.costPerTicketUsd).toBeCloseTo(0.06 / 7, 10);
    expect(second?.categories.return).toMatchObject({
      approved: 2,
      approvedWithoutEdits: 1,
      approvalWithoutEditsRate: 0.5,
      meanEditDistance: 6,
    });
    expect(second?.categories.sizing).toMatchObject({
      shadowCompared: 2,
      shadowMatched: 1,
      shadowAgreement: 0.5,
    });
  });

  it("buckets by day as well", () => {
    const daily = computeMetrics(seeded, "day");
    expect(daily.periods.map((period) => [period.period, period.tickets])).toEqual([
      ["2026-11-10", 1],
      ["2026-11-11", 1],
      ["2026-11-12", 1],
      ["2026-11-13", 1],
      ["2026-11-17", 1],
      ["2026-11-18", 2],
      ["2026-11-19", 2],
      ["2026-11-20", 2],
    ]);
  });

  it("writes a definition next to every metric", () => {
    for (const key of [
      "autonomousResolutionRate",
      "approvalWithoutEditsRate",
      "meanEditDistance",
      "escalationRate",
      "escalationAccuracy",
      "firstResponseMedianSeconds",
      "timeToApproveMedianSeconds",
      "falling",
      "knowledgeGaps",
      "costPerTicketUsd",
      "shadowAgreement",
    ]) {
      expect(report.definitions[key]?.length ?? 0).toBeGreaterThan(20);
    }
  });
});

describe("autopilot suggestions from shadow agreement", () => {
  function shadowTickets(intent: string, compared: number, matched: number): TicketFacts[] {
    return Array.from({ length: compared }, (_, index) =>
      ticket(`${intent}-${index}`, "2026-11-18T10:00:00Z", {
        intent,
        shadow: { matched: index < matched },
      }),
    );
  }

  it("suggests a category only at 90% agreement over 20 tickets or more, with the numbers", () => {
    const report = computeMetrics(
      [
        ...shadowTickets("order_status", 20, 18),
        ...shadowTickets("return", 20, 17),
        ...shadowTickets("sizing", 19, 19),
      ],
      "week",
    );
    expect(report.autopilotSuggestions).toEqual([
      {
        intent: "order_status",
        compared: 20,
        matched: 18,
        agreement: 0.9,
        suggested: true,
        why: "18 of 20 shadow tickets matched (90%), at or above 90% over 20 or more",
      },
      {
        intent: "return",
        compared: 20,
        matched: 17,
        agreement: 0.85,
        suggested: false,
        why: "17 of 20 shadow tickets matched (85%), below 90%",
      },
      {
        intent: "sizing",
        compared: 19,
        matched: 19,
        agreement: 1,
        suggested: false,
        why: "only 19 shadow tickets compared (100% matched); 20 are needed",
      },
    ]);
  });
});
