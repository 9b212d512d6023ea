// Order numbers as customers write them: "#1042", "order 1042", "order no. 1042",
// "order number: #1042", "my order number is 1042". A bare number with no "#" or "order"
// before it is not taken, so prices, tracking numbers and postcodes are left alone.
const PATTERNS = [
  /#\s?(\d{3,9})\b/g,
  /\border\s*(?:number|num|no\.?|nr\.?|id)?\s*(?:is\s+)?[:#]?\s*#?\s?(\d{3,9})\b/gi,
];

/** Order numbers named in the text, as Shopify order names (`#1042`), first mention first. */
export function findOrderNumbers(text: string): string[] {
  const found: Array<{ index: number; name: string }> = [];
  for (const pattern of PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const digits = match[1];
      if (digits !== undefined) {
        found.push({ index: match.index ?? 0, name: `#${digits}` });
      }
    }
  }
  found.sort((a, b) => a.index - b.index);
  return [...new Set(found.map((entry) => entry.name))];
}
