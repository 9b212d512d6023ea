/**
 * Lower-cases, strips accents and unifies quotes and whitespace, so rules match
 * "Anwalt", "ANWALT" and "avocát" alike. Punctuation is kept: some rules need it.
 */
export function normaliseText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/ß/g, "ss")
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/** Joins subject and body the way every rule sees them. */
export function ticketText(subject: string | undefined, body: string): string {
  const head = subject?.trim() ?? "";
  return head === "" ? body : `${head}\n${body}`;
}
