import { type Agent, createSignedCall } from "../api";
import type { Helpdesk } from "../zaf/client-provider";

export interface PolicySchemaProperty {
  type?: string | string[];
  enum?: string[];
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  items?: PolicySchemaProperty;
  properties?: Record<string, PolicySchemaProperty>;
  anyOf?: PolicySchemaProperty[];
}

export interface BrandVoice {
  tone: string;
  greeting: string;
  signOff: string;
  wordsToUse: string[];
  wordsToAvoid: string[];
  exampleReplies: string[];
}

export interface Settings {
  version: number;
  policy: Record<string, unknown>;
  effectivePolicy: Record<string, unknown>;
  policySchema: { properties: Record<string, PolicySchemaProperty> };
  brandVoice: BrandVoice;
  modes: Record<string, string>;
  /** Countersign's own lead roles, as this page saves them. */
  leadRoles: string[];
  /** The lead roles in force and where they are set (the Zendesk app's settings may win). */
  effectiveLeadRoles: {
    roles: string[];
    source: "zendesk_app" | "countersign" | "default";
    summary: string;
  };
  autopilotLimits: { dailyAmount: number; dailyCount: number };
  voiceExamples: { id: string; intent: string; text: string; addedBy: string; createdAt: string }[];
  history: { version: number; changedBy: string; reason: string | null; createdAt: string }[];
  viewer: { role: string; canEdit: boolean };
  autopilotToday: { day: string; count: number; spent: number; tripped: boolean };
}

export interface AutopilotReview {
  actionId: string;
  ticketId: string | null;
  at: string;
  intent: string;
  action: string;
  amount: number | null;
  currency: string | null;
  state: string;
  review: {
    verdict: "ok" | "reversed";
    by: string;
    at: string;
    note: string | null;
    /** For a reversal: what was undone in Shopify, or why it could not be. */
    undo: {
      state: "pending" | "undone" | "failed" | "not_reversible" | "nothing_to_undo";
      message: string;
    } | null;
  } | null;
}

export interface DecisionSummary {
  action: string;
  amount: number | null;
  approval: string;
  tier: number;
}

export interface PolicyReplay {
  cases: number;
  changed: number;
  from: string;
  to: string;
  errors: { id: string; error: string }[];
  moneyDelta: Record<string, number>;
  changes: {
    ticketId: string;
    subject: string;
    intent: string;
    before: DecisionSummary;
    after: DecisionSummary;
  }[];
}

export interface CategoryFigures {
  tickets: number;
  approved: number;
  approvedWithoutEdits: number;
  approvalWithoutEditsRate: number | null;
  meanEditDistance: number | null;
  shadowCompared: number;
  shadowMatched: number;
  shadowAgreement: number | null;
}

export interface PeriodFigures {
  period: string;
  tickets: number;
  autonomousResolutionRate: number | null;
  escalationRate: number | null;
  escalationAccuracy: number | null;
  firstResponseMedianSeconds: number | null;
  timeToApproveMedianSeconds: number | null;
  costPerTicketUsd: number | null;
  categories: Record<string, CategoryFigures>;
  knowledgeGaps: Record<string, number>;
  falling: { intent: string; metric: string; from: number; to: number }[];
}

export interface Metrics {
  granularity: "day" | "week";
  periods: PeriodFigures[];
  autopilotSuggestions: {
    intent: string;
    compared: number;
    matched: number;
    agreement: number | null;
    suggested: boolean;
    why: string;
  }[];
  definitions: Record<string, string>;
}

export interface SaveSettings {
  expectedVersion: number;
  policy: Record<string, unknown>;
  brandVoice: Partial<BrandVoice>;
  modes: Record<string, string>;
  leadRoles: string[];
  autopilotLimits: { dailyAmount: number; dailyCount: number };
  reason: string | null;
}

/** The settings, metrics and audit calls, signed by the helpdesk's proxy like the sidebar's. */
export function createSettingsApi(helpdesk: Helpdesk, agent: Agent) {
  const call = createSignedCall(helpdesk, agent);

  return {
    getSettings: () => call<Settings>("/api/settings"),
    saveSettings: (body: SaveSettings) =>
      call<{ version: number }>("/api/settings", { method: "PUT", body }),
    replay: (policy: Record<string, unknown>) =>
      call<PolicyReplay>("/api/settings/replay", { method: "POST", body: { policy } }),
    removeExample: (id: string) =>
      call<{ removed: true }>(`/api/settings/voice-examples/${encodeURIComponent(id)}`, {
        method: "DELETE",
      }),
    getReviews: () => call<{ items: AutopilotReview[] }>("/api/autopilot/reviews"),
    review: (actionId: string, verdict: "ok" | "reverse", note: string | null) =>
      call<AutopilotReview>(`/api/autopilot/reviews/${encodeURIComponent(actionId)}`, {
        method: "POST",
        body: { verdict, note },
      }),
    getMetrics: (period: "day" | "week") => call<Metrics>(`/api/metrics?period=${period}`),
    exportAudit: (query: string, format: "csv" | "json") =>
      call<unknown>(`/api/audit?${query}${query ? "&" : ""}format=${format}`, {
        text: format === "csv",
      }),
  };
}

export type SettingsApi = ReturnType<typeof createSettingsApi>;
