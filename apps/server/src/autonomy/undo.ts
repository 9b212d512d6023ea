import { type Action, findBriefOfDraft, type Installation } from "@countersign/db";
import type { Decision, NewAddress } from "@countersign/policy";
import { AppError } from "@countersign/shared";
import { type AddressView, type CommerceClient, ShopifyUserError } from "@countersign/shopify";
import type { BriefContent } from "../brief/model";
import { formatMoney } from "../brief/outcome";
import type { Deps } from "../deps";

/**
 * What became of the store side of a reversed autopilot action: `undone` in Shopify, `failed`
 * (a person must do it by hand), `not_reversible` (Shopify cannot take it back, e.g. a refund),
 * `nothing_to_undo` (autopilot only replied), or `pending` while no outcome is recorded.
 */
export type UndoState = "pending" | "undone" | "failed" | "not_reversible" | "nothing_to_undo";

export interface UndoOutcome {
  state: Exclude<UndoState, "pending">;
  /** Shown in the review queue and noted on the ticket, e.g. "Return #1039-R1 cancelled in Shopify." */
  message: string;
  /** The Shopify mutation sent, if one was. */
  mutation: string | null;
}

/** What undoing one action takes in the store, decided from what was recorded when it ran. */
export type UndoStep =
  | {
      kind: "cancel_return";
      returnId: string;
      name: string;
      /** The order the return is on (absent in steps recorded before it was kept). */
      orderId?: string | null;
    }
  | { kind: "cancel_replacement"; orderId: string; name: string }
  | {
      kind: "restore_address";
      orderId: string;
      orderName: string;
      /** The address the order had when autopilot decided. */
      previous: NewAddress;
      /** The address autopilot set. */
      set: NewAddress;
    }
  | { kind: "none"; state: "failed" | "not_reversible" | "nothing_to_undo"; message: string };

/** What approveDraft recorded about the action it carried out. */
interface Recorded {
  decision?: Partial<Decision>;
  orderId?: string | null;
  newAddress?: NewAddress | null;
}

function text(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function asNewAddress(address: AddressView | null | undefined): NewAddress | null {
  if (!address?.address1 || !address.city || !address.zip || !address.countryCode) {
    return null;
  }
  return {
    name: address.name,
    address1: address.address1,
    address2: address.address2,
    city: address.city,
    province: address.province,
    zip: address.zip,
    countryCode: address.countryCode,
    phone: address.phone,
  };
}

function oneLine(address: NewAddress): string {
  return [address.address1, address.address2, address.city, address.province, address.zip]
    .filter(Boolean)
    .join(", ");
}

/** Decides what undoing `action` means; reads only our own records, never the store. */
export async function planUndo(
  deps: Deps,
  installation: Installation,
  action: Action,
): Promise<UndoStep> {
  const request = action.request as Recorded;
  const result = action.result ?? {};
  const brief = action.draftId
    ? await findBriefOfDraft(deps.database.db, installation.id, action.draftId)
    : null;
  const content = brief?.content as unknown as BriefContent | undefined;
  const orderName = content?.order?.name ?? "the order";
  const amount = request.decision?.amount;
  const money =
    typeof amount === "number" && amount > 0
      ? formatMoney(amount, request.decision?.currency ?? null)
      : null;
  switch (action.kind) {
    case "refund":
      return {
        kind: "none",
        state: "not_reversible",
        message: `Refund${money ? ` of ${money}` : ""} cannot be reversed: the money is back with the customer and Shopify cannot take a refund back. If it was a mistake, settle it with the customer yourself.`,
      };
    case "cancel":
      return {
        kind: "none",
        state: "not_reversible",
        message: `Cancellation of ${orderName} cannot be reversed: Shopify cannot restore a cancelled order${money ? `, and the ${money} refunded with it stays with the customer` : ""}. If the customer still wants the items, create a new order in Shopify.`,
      };
    case "return":
    case "exchange": {
      const returnId = text(result.returnId);
      if (!returnId) {
        return {
          kind: "none",
          state: "failed",
          message: `Countersign has no record of which return it opened on ${orderName}: cancel it in Shopify by hand if nothing was received or refunded on it yet.`,
        };
      }
      return {
        kind: "cancel_return",
        returnId,
        name: text(result.name) ?? returnId,
        orderId: request.orderId ?? null,
      };
    }
    case "replace": {
      const orderId = text(result.orderId);
      if (!orderId) {
        return {
          kind: "none",
          state: "failed",
          message:
            "Countersign has no record of the replacement order: cancel it in Shopify by hand before it ships.",
        };
      }
      return { kind: "cancel_replacement", orderId, name: text(result.name) ?? orderId };
    }
    case "update_address": {
      const previous = asNewAddress(content?.order?.shippingAddress);
      const set = request.newAddress ?? null;
      if (!request.orderId || !previous || !set) {
        return {
          kind: "none",
          state: "failed",
          message: `Countersign has no record of the address ${orderName} had before: put it back in Shopify by hand.`,
        };
      }
      return { kind: "restore_address", orderId: request.orderId, orderName, previous, set };
    }
    case "store_credit":
      return {
        kind: "none",
        state: "nothing_to_undo",
        message: "Countersign issues no store credit, so there is nothing to undo in Shopify.",
      };
    case "reply":
    case "decline":
    case "escalate":
      return {
        kind: "none",
        state: "nothing_to_undo",
        message: "Autopilot only replied on this ticket: there is nothing to undo in Shopify.",
      };
    default:
      return {
        kind: "none",
        state: "failed",
        message: `Countersign cannot undo a ${action.kind} by itself: undo it in Shopify by hand.`,
      };
  }
}

function why(error: unknown): string {
  if (error instanceof ShopifyUserError) {
    return error.shopMessage;
  }
  return error instanceof AppError ? error.message : "the store did not answer";
}

function sameAddress(now: AddressView | null, wanted: NewAddress): boolean {
  return now?.address1 === wanted.address1 && now?.zip === wanted.zip;
}

/**
 * Carries out one undo step in the store through the Shopify adapter (whose reads are retried;
 * a mutation is never resent blindly). Every failure comes back as a `failed` outcome saying
 * what to do by hand; nothing is thrown.
 */
export async function carryOutUndo(
  deps: Deps,
  installation: Installation,
  step: UndoStep,
): Promise<UndoOutcome> {
  if (step.kind === "none") {
    return { state: step.state, message: step.message, mutation: null };
  }
  let commerce: CommerceClient;
  try {
    commerce = deps.commerceFor(installation);
  } catch (error) {
    return {
      state: "failed",
      message: `Countersign could not reach the store (${why(error)}): undo it in Shopify by hand.`,
      mutation: null,
    };
  }
  switch (step.kind) {
    case "cancel_return":
      try {
        const cancelled = await commerce.cancelReturn({ returnId: step.returnId });
        return {
          state: "undone",
          message: cancelled.alreadyCanceled
            ? `Return ${step.name} was already cancelled in Shopify.`
            : `Return ${step.name} cancelled in Shopify.`,
          mutation: "returnCancel",
        };
      } catch (error) {
        return {
          state: "failed",
          message:
            error instanceof ShopifyUserError
              ? `Shopify refused to cancel return ${step.name}: ${why(error)} A return whose items were received or refunded cannot be cancelled; check it in Shopify and settle it by hand.`
              : `Shopify did not confirm that return ${step.name} was cancelled (${why(error)}). Check it in Shopify and cancel it there by hand if it is still open.`,
          mutation: "returnCancel",
        };
      }
    case "cancel_replacement": {
      let sent = false;
      try {
        const { view } = await commerce.getOrder(step.orderId);
        if (view.cancelledAt !== null) {
          return {
            state: "undone",
            message: `Replacement order ${step.name} was already cancelled in Shopify.`,
            mutation: null,
          };
        }
        if (view.fulfillmentStatus !== "UNFULFILLED") {
          return {
            state: "not_reversible",
            message: `Replacement order ${step.name} has already shipped, so Shopify can no longer cancel it. Ask the customer to send the extra items back if needed.`,
            mutation: null,
          };
        }
        sent = true;
        await commerce.cancelOrder({
          orderId: step.orderId,
          reason: "OTHER",
          restock: true,
          notifyCustomer: false,
          staffNote: "Countersign: a lead reversed this autopilot replacement.",
        });
        return {
          state: "undone",
          message: `Replacement order ${step.name} cancelled in Shopify.`,
          mutation: "orderCancel",
        };
      } catch (error) {
        return {
          state: "failed",
          message:
            error instanceof ShopifyUserError
              ? `Shopify refused to cancel replacement order ${step.name}: ${why(error)} Cancel it in Shopify by hand before it ships.`
              : `Shopify did not confirm that replacement order ${step.name} was cancelled (${why(error)}). Check it in Shopify and cancel it by hand if it has not shipped.`,
          mutation: sent ? "orderCancel" : null,
        };
      }
    }
    case "restore_address": {
      let sent = false;
      try {
        const { view } = await commerce.getOrder(step.orderId);
        if (view.cancelledAt !== null || view.fulfillmentStatus !== "UNFULFILLED") {
          return {
            state: "not_reversible",
            message: `${step.orderName} is ${view.cancelledAt !== null ? "cancelled" : "already on its way to the new address"}, so its address can no longer be changed.`,
            mutation: null,
          };
        }
        if (!sameAddress(view.shippingAddress, step.set)) {
          return {
            state: "not_reversible",
            message: `The address of ${step.orderName} was changed again after autopilot set it, so Countersign left it as it is. Check it in Shopify.`,
            mutation: null,
          };
        }
        sent = true;
        await commerce.updateShippingAddress({ orderId: step.orderId, address: step.previous });
        return {
          state: "undone",
          message: `Shipping address of ${step.orderName} put back to ${oneLine(step.previous)} in Shopify.`,
          mutation: "orderUpdate",
        };
      } catch (error) {
        return {
          state: "failed",
          message: `Shopify did not put the address of ${step.orderName} back (${why(error)}). Put it back in Shopify by hand: ${oneLine(step.previous)}.`,
          mutation: sent ? "orderUpdate" : null,
        };
      }
    }
  }
}

/**
 * What became of an undo whose outcome was never recorded (its process stopped while Shopify
 * was called), read from the store: `undone` when Shopify shows it, `failed` with what to do by
 * hand when it does not. It never sends the mutation again. Null when the store cannot tell (a
 * step recorded without its order); a store that does not answer throws, for the next round.
 */
export async function confirmUndo(
  deps: Deps,
  installation: Installation,
  step: UndoStep,
): Promise<UndoOutcome | null> {
  const interrupted = "Countersign has no record of how undoing it ended, and Shopify shows";
  switch (step.kind) {
    case "none":
      // Nothing was to be sent: the outcome is the plan's own.
      return { state: step.state, message: step.message, mutation: null };
    case "cancel_return": {
      if (!step.orderId) {
        return null;
      }
      const { view } = await deps.commerceFor(installation).getOrder(step.orderId);
      const found = view.returns.find((item) => item.id === step.returnId);
      if (!found) {
        return null;
      }
      return found.status === "canceled"
        ? { state: "undone", message: `Return ${step.name} cancelled in Shopify.`, mutation: null }
        : {
            state: "failed",
            message: `${interrupted} return ${step.name} still ${found.status}: cancel it in Shopify by hand if nothing was received or refunded on it yet.`,
            mutation: null,
          };
    }
    case "cancel_replacement": {
      const { view } = await deps.commerceFor(installation).getOrder(step.orderId);
      return view.cancelledAt !== null
        ? {
            state: "undone",
            message: `Replacement order ${step.name} cancelled in Shopify.`,
            mutation: null,
          }
        : {
            state: "failed",
            message: `${interrupted} replacement order ${step.name} not cancelled: cancel it in Shopify by hand before it ships.`,
            mutation: null,
          };
    }
    case "restore_address": {
      const { view } = await deps.commerceFor(installation).getOrder(step.orderId);
      return sameAddress(view.shippingAddress, step.previous)
        ? {
            state: "undone",
            message: `Shipping address of ${step.orderName} put back to ${oneLine(step.previous)} in Shopify.`,
            mutation: null,
          }
        : {
            state: "failed",
            message: `${interrupted} the address of ${step.orderName} not put back: put it back in Shopify by hand: ${oneLine(step.previous)}.`,
            mutation: null,
          };
    }
  }
}
