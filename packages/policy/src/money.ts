// Money is handled in integer cents: floats never meet a comparison.

/** A money value (two decimals) in whole cents; the nudge keeps 1.005 from rounding down. */
export function toCents(value: number): number {
  return Math.round(value * 100 + 1e-6);
}

/** One order line, `unitPrice` × `quantity`, rounded to cents. */
export function lineCents(unitPrice: number, quantity: number): number {
  return toCents(unitPrice * quantity);
}

/** Cents back to a number with two decimals, as the decision carries it. */
export function fromCents(cents: number): number {
  return cents / 100;
}

/** "60.00 USD"; without a currency just "60.00". */
export function formatMoney(cents: number, currency?: string | null): string {
  const text = (cents / 100).toFixed(2);
  return currency ? `${text} ${currency}` : text;
}
