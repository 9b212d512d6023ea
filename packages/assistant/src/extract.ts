/** Order numbers, tracking numbers and email addresses found in a ticket's text. */
export interface Entities {
  orderNumbers: string[];
  trackingNumbers: string[];
  emails: string[];
}

const EMAIL =
  /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}\b/g;
// "#1042", "order 1042", "order no. 1042", "order number: #A1042", "pedido 1042", "Bestellung 1042".
const ORDER_AFTER_WORD =
  /\b(?:order|purchase|pedido|commande|bestellung|ordine|bestelling)(?:\s+(?:no\.?|nr\.?|number|num|n°|#|id|ref(?:erence)?|numero|nummer))?\s*[:#]?\s*#?([A-Z]{0,4}-?\d{3,15})\b/gi;
const HASH_NUMBER = /(?:^|[\s(,;:])#([A-Z]{0,3}-?\d{3,15})\b/gi;
// Well-known carrier formats, and anything labelled as a tracking number.
const TRACKING_FORMATS = [
  /\b1Z[0-9A-Z]{16}\b/g, // UPS
  /\b[A-Z]{2}\d{9}[A-Z]{2}\b/g, // UPU S10 (Royal Mail, La Poste, Deutsche Post…)
  /\b9[2-5]\d{20,24}\b/g, // USPS
];
const TRACKING_LABELLED =
  /\btracking(?:\s+(?:no\.?|number|num|code|id|ref(?:erence)?|#))?\s*(?:is|:|#)?\s*#?([A-Z0-9]{8,34})\b/gi;

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** Pulls identifiers out of free text; it never guesses one that is not written there. */
export function extractEntities(text: string): Entities {
  const emails = unique((text.match(EMAIL) ?? []).map((email) => email.toLowerCase()));
  const withoutEmails = text.replace(EMAIL, " ");

  const tracking: string[] = [];
  for (const pattern of TRACKING_FORMATS) {
    tracking.push(...(withoutEmails.match(pattern) ?? []));
  }
  for (const m of withoutEmails.matchAll(TRACKING_LABELLED)) {
    const value = m[1];
    if (value !== undefined && /\d/.test(value)) {
      tracking.push(value.toUpperCase());
    }
  }
  const trackingNumbers = unique(tracking.map((value) => value.toUpperCase()));

  const orders: string[] = [];
  for (const pattern of [ORDER_AFTER_WORD, HASH_NUMBER]) {
    for (const m of withoutEmails.matchAll(pattern)) {
      const value = m[1]?.toUpperCase();
      if (value !== undefined && !trackingNumbers.includes(value)) {
        orders.push(`#${value}`);
      }
    }
  }
  return { orderNumbers: unique(orders), trackingNumbers, emails };
}
