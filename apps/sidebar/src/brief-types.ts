// The parts of the server's brief the sidebar renders (GET /api/tickets/{id}/brief).

export interface Reason {
  rule: string;
  outcome: "pass" | "fail" | "skip" | "applied";
  detail: string;
}

export interface Decision {
  action: string;
  tier: number;
  approval: "none" | "agent" | "lead" | "human";
  amount: number | null;
  currency: string | null;
  lineItems: { id: string; quantity: number }[];
  reasons: Reason[];
}

export interface Classification {
  intent: string;
  flags: string[];
  sentiment: string;
  urgency: string;
  confidence: number;
  source: "offline" | "claude" | "offline-fallback";
  fallbackReason?: string;
}

export interface CustomerView {
  id: string;
  name: string;
  email: string | null;
  tags: string[];
  amountSpent: { amount: number; currency: string };
  numberOfOrders: number;
  returnsLast365Days: number;
}

export interface Shipment {
  status: string;
  carrier: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  estimatedDeliveryAt: string | null;
  deliveredAt: string | null;
  lastScan: { message: string; happenedAt: string } | null;
}

export interface OrderView {
  id: string;
  name: string;
  createdAt: string;
  currency: string;
  financialStatus: string;
  fulfillmentStatus: string;
  total: number;
  refundedTotal: number;
  items: {
    id: string;
    title: string;
    variantTitle: string | null;
    quantity: number;
    refundableQuantity: number;
    unitPrice: number;
    productTags: string[];
  }[];
  shipments: Shipment[];
  refunds: { id: string; createdAt: string; amount: number }[];
  returns: { id: string; name: string; status: string }[];
}

export interface DraftView {
  id: string;
  text: string;
  source: "claude" | "offline";
  factCheck: { ok: boolean; problems: { text: string; reason: string }[] };
}

export interface Brief {
  ticket: { id: number; subject: string; requester: { name: string; email: string } };
  classification: Classification;
  customer: CustomerView | null;
  order: OrderView | null;
  orderChoice: { orderId: string | null; reason: string };
  decision: Decision;
  approveLabel: string;
  draft: DraftView;
  escalationSummary: string[] | null;
}

/** How far Countersign goes for the ticket's intent (the founder's settings). */
export type AutonomyMode = "off" | "shadow" | "approve" | "autopilot";

export type BriefView =
  | { status: "ready"; preparedAt: string; brief: Brief; mode: AutonomyMode }
  | { status: "preparing"; startedAt: string }
  | { status: "failed"; error: string };

export interface ApproveOutcome {
  actionId: string;
  state: string;
  message: string;
  replySent: boolean;
}
