import type { Classification, Classifier, TicketInput } from "./classification";
import { extractEntities } from "./extract";
import { INTENT_RULES, KEYWORDS, NOT_TYPOS, OFF_DOMAIN, SHOP_WORDS } from "./intent-rules";
import { normaliseText, ticketText } from "./normalise";
import { detectRequested } from "./requested";
import { detectFlags } from "./safeguards";
import type { Flag, Intent, Sentiment, Urgency } from "./taxonomy";

/** Per-intent evidence behind an offline classification, for debugging and the bench. */
export interface IntentScores {
  scores: Partial<Record<Intent, number>>;
  offDomain: boolean;
}

// A weight-3 phrase alone gives ~0.86, a weight-2 hint alone ~0.69 (below the policy's 0.7).
const NO_INTENT_PRIOR = 1.2;
const MIN_SCORE = 1.5;
const MAX_CONFIDENCE = 0.97;
const NEGATION_BEFORE =
  /(?:don't|do not|dont|doesn't|does not|didn't want to|no need to|not (?:looking|trying|asking|wanting|planning|going) to|no intention (?:of|to)|rather than|not about|isn't about|without|never asked to|no longer need to) (?:\S+ ){0,2}$/;

// A phrase inside a request ("can I…", "please…", "I'd like to…") is the ask, not context.
const ASK_BEFORE =
  /(?:\b(?:can|could|would|may|will) (?:i|you|we)|\bi (?:want|need|would like|'d like|wish) to|\bplease|\bhow (?:do|can|could) i|\bi'm (?:hoping|trying) to) (?:\S+ ){0,2}$/;

const KEYWORD_SET = new Set(KEYWORDS);
const correctionCache = new Map<string, string>();

/** Damerau-Levenshtein distance, stopping early once it exceeds 1. */
function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) {
    return false;
  }
  if (a.length === b.length) {
    const diffs: number[] = [];
    for (let i = 0; i < a.length; i += 1) {
      if (a[i] !== b[i]) {
        diffs.push(i);
        if (diffs.length > 2) {
          return false;
        }
      }
    }
    if (diffs.length <= 1) {
      return true;
    }
    const [i, j] = diffs as [number, number];
    return j === i + 1 && a[i] === b[j] && a[j] === b[i];
  }
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && short[i] === long[i]) {
    i += 1;
  }
  return short.slice(i) === long.slice(i + 1);
}

/** Snaps a misspelt word ("refnud", "cancelation", "adress") onto the keyword it meant. */
function correctWord(word: string): string {
  if (word.length < 4 || KEYWORD_SET.has(word) || NOT_TYPOS.has(word)) {
    return word;
  }
  const cached = correctionCache.get(word);
  if (cached !== undefined) {
    return cached;
  }
  let best = word;
  for (const keyword of KEYWORDS) {
    // Inflections ("charges", "returned") are words in their own right, not typos.
    const inflection =
      word.startsWith(keyword) ||
      keyword.startsWith(word) ||
      (word.length === keyword.length && word.slice(0, -1) === keyword.slice(0, -1));
    if (
      keyword.length >= 5 &&
      keyword[0] === word[0] &&
      !inflection &&
      withinOneEdit(word, keyword)
    ) {
      best = keyword;
      break;
    }
  }
  correctionCache.set(word, best);
  return best;
}

function prepare(text: string): string {
  return normaliseText(text)
    .replace(/\b(?:u|ya)\b/g, "you")
    .replace(/\bur\b/g, "your")
    .replace(/\b(?:pls|plz)\b/g, "please")
    .replace(/([a-z])(\d{3,})/g, "$1 $2")
    .replace(/[a-z]+/g, (word) => correctWord(word));
}

/** Drops quoted earlier messages and everything after a signature marker. */
function latestMessage(body: string): string {
  const lines: string[] = [];
  for (const line of body.split(/\r?\n/)) {
    if (/^\s*>/.test(line)) {
      continue;
    }
    if (/^\s*(?:on .{4,80} wrote:|-{2,} ?original message|sent from my \w+)/i.test(line)) {
      break;
    }
    lines.push(line);
  }
  return lines.join("\n");
}

function isNegated(text: string, index: number): boolean {
  const clauseStart = Math.max(
    text.lastIndexOf(".", index),
    text.lastIndexOf(",", index),
    text.lastIndexOf("!", index),
    text.lastIndexOf("?", index),
    text.lastIndexOf("\n", index),
    index - 40,
  );
  return NEGATION_BEFORE.test(text.slice(clauseStart + 1, index));
}

// Compiled once; exec with lastIndex avoids a regex clone per rule per ticket.
const GLOBAL_RULES = INTENT_RULES.map((rule) => ({
  intent: rule.intent,
  weight: rule.weight,
  global: new RegExp(rule.pattern.source, "g"),
}));

/** Scores every intent by the weighted phrases found in the text. */
export function scoreIntents(subject: string | null | undefined, body: string): IntentScores {
  const text = prepare(ticketText(subject ?? undefined, latestMessage(body)));
  const scores: Partial<Record<Intent, number>> = {};
  for (const { intent, weight, global } of GLOBAL_RULES) {
    global.lastIndex = 0;
    for (let m = global.exec(text); m !== null; m = global.exec(text)) {
      if (!isNegated(text, m.index)) {
        const before = text.slice(Math.max(0, m.index - 30), m.index);
        scores[intent] = (scores[intent] ?? 0) + weight + (ASK_BEFORE.test(before) ? 1 : 0);
        break;
      }
      if (m[0] === "") {
        global.lastIndex += 1;
      }
    }
  }
  const offDomain = OFF_DOMAIN.test(text) && !SHOP_WORDS.test(text);
  if (offDomain) {
    for (const intent of Object.keys(scores) as Intent[]) {
      if (intent !== "other") {
        scores[intent] = (scores[intent] ?? 0) * 0.15;
      }
    }
  }
  return { scores, offDomain };
}

function pickIntent({ scores, offDomain }: IntentScores): { intent: Intent; confidence: number } {
  const ranked = (Object.entries(scores) as Array<[Intent, number]>)
    .filter(([, score]) => score > 0)
    .sort((a, b) => b[1] - a[1]);
  const top = ranked[0];
  if (top === undefined || top[1] < MIN_SCORE) {
    // Nothing a shop's support desk handles: "other", and not sure enough to act on it alone.
    return { intent: "other", confidence: offDomain ? 0.6 : 0.35 };
  }
  let denominator = Math.exp(NO_INTENT_PRIOR);
  for (const [, score] of ranked) {
    denominator += Math.exp(score);
  }
  const confidence = Math.min(MAX_CONFIDENCE, Math.exp(top[1]) / denominator);
  return { intent: top[0], confidence: Math.round(confidence * 100) / 100 };
}

const POSITIVE =
  /\b(?:thanks?|thank you|thx|love|loved|loving|great|amazing|awesome|wonderful|fantastic|perfect|happy|delighted|brilliant|excellent|appreciate\w*|lovely|beautiful|gracias|merci|danke)\b/g;
const NEGATIVE =
  /\b(?:disappoint\w*|unhappy|upset|angry|annoyed|frustrat\w*|terrible|awful|horrible|worst|bad|poor|broken|damaged|wrong|missing|lost|never|still|unacceptable|ridiculous|useless|rude|sad|not happy|not satisfied|complain\w*|problem|issue|leak\w*|late|delayed|waiting|nobody|no one|unfortunately)\b/g;

function readSentiment(text: string, flags: Flag[]): Sentiment {
  if (flags.includes("frustrated") || flags.includes("legal_threat")) {
    return "negative";
  }
  const positive = (text.match(POSITIVE) ?? []).length;
  const negative = (text.match(NEGATIVE) ?? []).length;
  // Sign-off thanks are politeness, not praise: one alone does not make a message positive.
  const score = positive * 0.6 - negative;
  if (score <= -1) {
    return "negative";
  }
  if (score >= 1 && negative === 0) {
    return "positive";
  }
  return "neutral";
}

const URGENT =
  /\b(?:urgent\w*|asap|as soon as possible|immediately|right away|today|tonight|tomorrow|this (?:week|weekend|friday|saturday|sunday|monday)|by (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|the \d+\w*)|wedding|birthday|funeral|christmas|event|party|trip|holiday|flight|leaving on|deadline|before it (?:ships|is shipped|is dispatched|goes out|leaves)|before (?:dispatch|shipping)|emergency|dringend|urgente|need (?:it|them|this|these|the \w+) (?:for|by|before) (?:next|this|the|my|a|our|\w+day))\b/;
const RELAXED =
  /\b(?:no rush|no hurry|whenever|when you (?:get a chance|can)|not urgent|just curious|just wondering|in no rush)\b/;
const HIGH_BY_INTENT: ReadonlySet<Intent> = new Set(["cancel", "address_change"]);
const LOW_BY_INTENT: ReadonlySet<Intent> = new Set([
  "product_question",
  "sizing",
  "wholesale",
  "other",
]);

function readUrgency(text: string, intent: Intent, flags: Flag[]): Urgency {
  if (flags.includes("legal_threat") || URGENT.test(text) || HIGH_BY_INTENT.has(intent)) {
    return "high";
  }
  if (RELAXED.test(text) || LOW_BY_INTENT.has(intent)) {
    return "low";
  }
  return "normal";
}

/** Classifies one ticket with rules only: no model, no network, a few microseconds. */
export function classifyOffline(ticket: TicketInput): Classification {
  const subject = ticket.subject ?? undefined;
  const whole = ticketText(subject, ticket.body);
  const { flags } = detectFlags(whole);
  const picked = pickIntent(scoreIntents(subject, ticket.body));
  const text = normaliseText(whole);
  return {
    intent: picked.intent,
    flags,
    sentiment: readSentiment(text, flags),
    urgency: readUrgency(text, picked.intent, flags),
    confidence: picked.confidence,
    entities: extractEntities(whole),
    requested: detectRequested(whole),
    source: "offline",
  };
}

/** The built-in classifier: rules for intent, sentiment and urgency, and the safeguards. */
export function createOfflineClassifier(): Classifier {
  return {
    classify: async (ticket) => classifyOffline(ticket),
  };
}
