import type { Decision } from "@countersign/policy";

/** Money as the agent reads it: `$45.00`, `£12.50`, `45.00 CHF`. */
export function formatMoney(amount: number, currency: string | null): string {
  if (currency === null) {
    return amount.toFixed(2);
  }
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}

/** What the Approve button says it will do, e.g. "Approve refund $45.00 & send". */
export function approveLabel(decision: Decision): string {
  const money =
    decision.amount === null ? "" : ` ${formatMoney(decision.amount, decision.currency)}`;
  switch (decision.action) {
    case "refund":
      return `Approve refund${money} & send`;
    case "return":
      return "Approve return & send";
    case "exchange":
      return "Approve exchange & send";
    case "replace":
      return "Approve replacement & send";
    case "store_credit":
      return `Approve store credit${money} & send`;
    case "cancel":
      return `Approve cancellation${money} & send`;
    case "update_address":
      return "Approve address change & send";
    case "decline":
    case "reply":
    case "escalate":
      return "Approve & send";
  }
}

/** The first sentence of the outcome: what was done in the store. */
export function actionSentence(decision: Decision): string | null {
  const money =
    decision.amount === null ? "" : ` of ${formatMoney(decision.amount, decision.currency)}`;
  switch (decision.action) {
    case "refund":
      return `Refund${money} issued.`;
    case "return":
      return "Return opened.";
    case "exchange":
      return "Exchange opened.";
    case "replace":
      return "Replacement order created.";
    case "store_credit":
      return `Store credit${money} issued.`;
    case "cancel":
      return `Order cancelled${money === "" ? "" : `, refund${money}`}.`;
    case "update_address":
      return "Shipping address updated.";
    case "decline":
    case "reply":
    case "escalate":
      return null;
  }
}
