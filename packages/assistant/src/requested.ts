import type { Requested } from "@countersign/policy";
import { normaliseText } from "./normalise";

const ASKS: Array<[Requested, RegExp]> = [
  [
    "store_credit",
    /\b(?:store credit|account credit|credit (?:note|to my account)|gift card instead|voucher instead)\b/g,
  ],
  [
    "exchange",
    /\b(?:exchange|swap|different size|another size|size up|size down|different colou?r)\b(?! rate)/g,
  ],
  [
    "replacement",
    /\b(?:replacement|replace (?:it|them|the \w+)|send (?:me )?(?:a )?(?:new|another) (?:one|item|bottle|pair)|new one|resend|re-?ship)\b/g,
  ],
  ["refund", /\b(?:refund|money back|reimburse\w*|reembolso|remboursement|ruckerstattung)\b/g],
];

const DECLINED_BEFORE =
  /(?:rather than|instead of|not|no|don't want|do not want|dont want|without|no need for)(?: an?| the| my)? $/;

/**
 * What remedy the customer asked for, when they said: "refund" | "replacement" | "exchange" |
 * "store_credit", else null. The first ask in the text wins; "rather than a refund" is not one.
 */
export function detectRequested(text: string): Requested | null {
  const normalised = normaliseText(text);
  let best: { kind: Requested; index: number } | null = null;
  for (const [kind, pattern] of ASKS) {
    for (const match of normalised.matchAll(pattern)) {
      const before = normalised.slice(Math.max(0, match.index - 25), match.index);
      if (DECLINED_BEFORE.test(before)) {
        continue;
      }
      if (best === null || match.index < best.index) {
        best = { kind, index: match.index };
      }
      break;
    }
  }
  return best?.kind ?? null;
}
