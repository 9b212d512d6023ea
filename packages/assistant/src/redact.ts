function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    let digit = Number(digits[i]);
    if (double) {
      digit *= 2;
      if (digit > 9) {
        digit -= 9;
      }
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

const CARD_CANDIDATE = /\b\d(?:[ -]?\d){12,18}\b/g;
const SECURITY_CODE = /\b(?:cvv|cvc|cvv2|security code|card code)\s*(?:is|:|#)?\s*\d{3,4}\b/gi;
const EXPIRY =
  /\b(?:exp(?:iry|ires|iration)?(?: date)?)\s*(?:is|:)?\s*(?:0[1-9]|1[0-2])\s*\/\s*\d{2,4}\b/gi;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b/g;

/**
 * Removes payment details a customer may have pasted (card numbers that pass the Luhn check,
 * security codes, expiry dates, IBANs) before any text leaves for a model.
 */
export function redactPaymentDetails(text: string): string {
  return text
    .replace(CARD_CANDIDATE, (match, offset: number, whole: string) => {
      const digits = match.replace(/\D/g, "");
      // Card numbers start with 2-6 (Mastercard, Amex, Visa, Discover…); order and tracking
      // numbers that happen to pass Luhn stay, since they are what the reply is about.
      const labelled = /(?:order|purchase|tracking|#)\s*(?:no\.?|number)?\s*[:#]?\s*$/i.test(
        whole.slice(Math.max(0, offset - 24), offset),
      );
      return /^[2-6]/.test(digits) && !labelled && luhnValid(digits)
        ? "[card number removed]"
        : match;
    })
    .replace(SECURITY_CODE, "[security code removed]")
    .replace(EXPIRY, "[expiry removed]")
    .replace(IBAN, "[bank account removed]");
}
