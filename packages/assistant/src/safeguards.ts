import { normaliseText } from "./normalise";
import type { Flag } from "./taxonomy";

/** Why a flag was raised: the rule's name and the words that matched. */
export interface FlagEvidence {
  flag: Flag;
  rule: string;
  match: string;
}

export interface SafeguardResult {
  /** Flags in taxonomy order, each at most once. */
  flags: Flag[];
  evidence: FlagEvidence[];
}

interface Rule {
  name: string;
  pattern?: RegExp;
  /** For checks a pattern cannot express; gets the raw text. */
  test?: (raw: string) => boolean;
}

interface FlagRules {
  flag: Flag;
  positives: Rule[];
  /** Spans that look like a positive but are not one ("my sister is a lawyer"). */
  negatives: RegExp[];
}

const FLAG_ORDER: readonly Flag[] = [
  "human_requested",
  "legal_threat",
  "frustrated",
  "agent_error_dispute",
];

// Patterns run on normaliseText output: lower case, no accents, straight quotes.
const LAWYER = String.raw`(?:lawyers?|lawer|layer(?= will)|att?ou?rn[ea]?ys?|attornies|solicitors?|sollicitors?|abogad[oa]s?|avocats?|anwalts?|anwalte?n?|rechtsanwalt\w*|advocaat)`;
const RELATIVE =
  "(?:sister|brother|mum|mom|mother|dad|father|wife|husband|partner|friend|cousin|aunt|uncle|son|daughter|neighbou?r|boyfriend|girlfriend|colleague|boss)";

const RULES: FlagRules[] = [
  {
    flag: "legal_threat",
    positives: [
      { name: "lawyer", pattern: new RegExp(String.raw`\b${LAWYER}\b`) },
      {
        name: "lawsuit",
        pattern:
          /\b(?:law ?suits?|legal (?:action|proceedings|steps|route|claim)|take (?:you|this|it) to court|see you in court|court case)\b/,
      },
      {
        name: "sue",
        pattern:
          /\b(?:sue (?:you|u|your|the|them|this|for)|suing|(?:will|going to|gonna|i'll|ill|can|could|shall) sue|sued)\b/,
      },
      { name: "small-claims", pattern: /\bsmall ?claims?\b/ },
      {
        name: "fraud",
        pattern:
          /\b(?:fraud\w*|scam(?:med|mers?|ming|s)?|rip[- ]?off|ripped (?:me )?off|thie(?:f|ves)|stole my money|estafa\w*|fraude|arnaque\w*|escroc\w*|betrug|betruger\w*|abzocke)\b/,
      },
      { name: "chargeback", pattern: /\b(?:charge ?backs?|chargebak|charge-back)\b/ },
      {
        name: "bank-dispute",
        pattern:
          /\b(?:dispute (?:the |this |it )?(?:charge|payment|transaction)|dispute (?:it |this )?with (?:my|the) (?:bank|card|credit card|card issuer|paypal)|(?:open|opening|file|filing|raise|raising) (?:a |an )?(?:dispute|claim) with (?:my |the )?(?:bank|card|credit card|card issuer|paypal|visa|amex)|(?:paypal|bank|card) (?:dispute|claim)|(?:will|going to|gonna|i'll|ill|about to) (?:contact|call|ring|speak to|talk to|raise (?:it|this) with|take (?:it|this) up with|report (?:it|this|you) to) my (?:bank|card (?:company|issuer|provider)|credit card (?:company|provider)|paypal)|reverse the (?:charge|payment))\b/,
      },
      {
        name: "regulator",
        pattern:
          /\b(?:trading standards|consumer (?:protection|rights|affairs|council|ombudsman)|ombudsman|better business bureau|bbb|ftc|attorney general|verbraucherzentrale|verbraucherschutz|denuncia\w*|demanda\w*|poursuites?|plainte|tribunal|klage|rechtliche schritte|gericht|justicia)\b/,
      },
      {
        name: "report-you",
        pattern: /\breport (?:you|your company|this company|this shop|you guys) to\b/,
      },
    ],
    negatives: [
      new RegExp(
        String.raw`\b(?:my|his|her|our|a) ${RELATIVE} (?:is|was|works as|used to be|became) (?:a |an )?${LAWYER}\b`,
      ),
      new RegExp(String.raw`\b${LAWYER} (?:friend|by trade|by profession)\b`),
      new RegExp(
        String.raw`\b(?:my|his|her|our|a) ${RELATIVE},? (?:who|that) (?:is|was|works as|used to be) (?:a |an )?${LAWYER}\b`,
      ),
      /\b(?:not|no|nothing|isn't|wasn't) (?:a |an )?(?:scam|fraud)\b/,
      /\b(?:scam|fraud|phishing|spam) (?:emails?|texts?|sms|calls?|messages?|links?|sites?|websites?|alerts?)\b/,
      /\b(?:fraud (?:alert|check|prevention|protection|team|department))\b/,
      /\bis (?:this|it|that) (?:email |text |message |link |site )?(?:a |an )?(?:scam|fraud)\b/,
      /\b(?:beware of|avoid|protect (?:me|you|us) from) (?:scams?|fraud)\b/,
      /\bno need (?:for|to (?:get|involve|call)) (?:a |an |my |any )?(?:lawyers?|attorneys?|solicitors?)\b/,
    ],
  },
  {
    flag: "human_requested",
    positives: [
      {
        name: "speak-to-person",
        pattern:
          /\b(?:speak|talk|talkk|talkiing|taok|tlak|chat|cat with|speaking|talking|chatting|communicate|contact|contacting|get through|connect(?:ed)?|transfer(?:red)?|put me through)(?: (?:to|with|wth|wirh|wiht|w))? ?(?:a |an |the |one of your |some )?(?:(?:real|actual|live|human|proper|genuine|damn|fucking|goddamn|bloody) )?(?:human|humans|person|eprson|preson|people|someone|somone|somenoe|somneone|somebody|anyone|operator|agent|assistant|assistgant|representative|rep|manager|supervisor|team ?lead|staff member|employee|live agent|human agent|customer service (?:rep|representative|agent))\b/,
      },
      {
        name: "real-person",
        pattern:
          /\b(?:real|actual|live|human|proper|genuine) (?:person|people|human|humans|agent|operator|being|beings|representative|rep|support)\b/,
      },
      {
        name: "not-a-bot",
        pattern:
          /\b(?:not (?:a |another |some )?(?:bot|robot|machine|automated (?:reply|response|message))|stop (?:sending )?(?:automated|canned|bot) (?:replies|responses|messages)|are you (?:a )?(?:bot|robot|real|human)|no more (?:bots|automated))\b/,
      },
      {
        name: "want-a-person",
        pattern:
          /\b(?:i want|i need|i'd like|i would like|give me|get me|can i have|can i get|may i have)(?: to have)? (?:a |an |your )?(?:real |actual |live |human )?(?:human|person|human being|manager|supervisor|live agent|human agent)\b/,
      },
      {
        name: "call-me",
        pattern:
          /\b(?:(?:can|could|would|will|please)(?: someone| somebody| you)? (?:call|phone|ring) me(?= back| on| at| asap| today| tomorrow| please| when| as soon| to discuss| about|\s*[.?!,]|\s*$)|give me a (?:call|ring)|call me back)/,
      },
      {
        name: "escalate-to-manager",
        pattern:
          /\b(?:your |a |the )?(?:manager|supervisor|team ?leader)(?:,)? please\b|\bescalate (?:this|my|it)\b/,
      },
      {
        name: "non-english",
        pattern:
          /\b(?:hablar con (?:una persona|un humano|alguien|un agente|un responsable|una persona real)|persona real|agente humano|parler (?:a|avec) (?:un humain|quelqu'un|une personne|un conseiller|un agent|une vraie personne)|vraie personne|un etre humain|(?:mit )?(?:einem|einer) (?:menschen|echten menschen|mitarbeiter(?:in)?|person) (?:sprechen|reden)|echten menschen|mit jemandem sprechen|parlare con (?:una persona|un operatore|qualcuno))\b/,
      },
    ],
    negatives: [
      /\b(?:no need|don't need|do not need|dont need|not necessary|no reason|not needed|needn't)(?: for| to)?(?: (?:speak|talk|chat)(?: to| with)?)? (?:a |an |the |to |with |any )*(?:real |actual |live )?(?:human|person|people|someone|somebody|anyone|agent|call|manager)\b/,
      /\b(?:don't|do not|dont|won't|no) (?:want|wish|need) to (?:speak|talk|chat) (?:to|with) (?:a |an |the |any )?(?:real |live )?(?:human|person|people|someone|somebody|anyone|agent)\b/,
      /\b(?:no need|don't need|dont need|do not need) (?:to )?(?:call|phone|ring) me\b/,
      /\b(?:real|actual|genuine) (?:leather|wood|gold|silver|person (?:on|in) the (?:photo|picture|ad))\b/,
    ],
  },
  {
    flag: "frustrated",
    positives: [
      {
        name: "repeat-contact",
        pattern:
          /\b(?:(?:second|third|fourth|fifth|2nd|3rd|4th|5th|\d+(?:st|nd|rd|th)?) (?:time|email|message|mail)|how many (?:more )?times (?:do|have|must|should|will|am) (?:i|we) (?:have to |need to |got to )?(?:ask|email|call|write|tell|contact|chase|explain|message|repeat)|(?:again and again|over and over)|no one (?:has )?(?:replied|answered|responded|gets? back)|nobody (?:has )?(?:replied|answered|responded|gets? back)|never (?:replied|answered|responded|heard back|got a reply)|(?:keep|kept) (?:getting|being) ignored|ignor(?:ing|ed) (?:me|my))\b/,
      },
      {
        name: "exasperated",
        pattern:
          /\b(?:ridiculous|rediculous|ridiculus|fed up|sick (?:and tired )?of|unacceptable|unnacceptable|disgust\w*|outrag\w*|furious|livid|fuming|angry|annoyed|infuriat\w*|appall\w*|shocking|pathetic|useless|incompetent|worst|horrible|terrible|awful|joke|waste of (?:my )?time|fed-up|had enough|fuck\w*|wtf|bullshit|shit|damn|bloody|goddamn|lying|liars?|ras le bol|marre|inadmissible|inacceptable|honteux|harto|harta|inaceptable|ridiculo|verguenza|unverschamt|frechheit|inakzeptabel|reicht mir|argerlich|wutend)\b/,
      },
      { name: "caps", test: (raw) => shouts(raw) },
    ],
    negatives: [
      /\b(?:not|never|wasn't|isn't|no) (?:annoyed|angry|frustrated|furious|upset|a joke|terrible|awful|horrible|the worst)\b/,
      /\b(?:no (?:worries|rush|stress|problem|hurry))\b/,
      /\b(?:worst case|worst-case|at worst|still not sure|still deciding|still love|still happy|still waiting (?:patiently|happily))\b/,
      /\b(?:joke(?:s)? aside|just joking|joking|jokes? (?:book|gift|mug|t-?shirt))\b/,
      /\b(?:terrible|awful|horrible) (?:weather|cold|flu)\b/,
    ],
  },
  {
    flag: "agent_error_dispute",
    positives: [
      {
        name: "told-by-agent",
        pattern:
          /\b(?:your|the|an|one of your|a) (?:agent|colleague|rep|representative|staff|team|support|customer service|customer support|employee|advisor|assistant|operator|person on (?:the )?(?:phone|chat)|chat ?bot|bot)(?: member)? (?:told|said|promised|assured|confirmed|informed|wrote|advised|stated|guaranteed)\b/,
      },
      {
        name: "you-promised",
        pattern:
          /\b(?:you|u|you guys|your company) (?:promised|told me|told us|said (?:that |it |i |you |my )|assured me|guaranteed|confirmed (?:that|it would|i would)|agreed)\b|\bpromised (?:me|us)\b/,
      },
      {
        name: "not-what-told",
        pattern:
          /\b(?:that's|that is|thats|this is|it's|it is|which is) not what (?:i was|we were|i've been|i had been) (?:told|promised|said)\b|\b(?:i was|i've been|we were|i had been) (?:told|promised|assured|informed)(?! to\b)(?! by (?:the|my) (?:courier|driver|carrier|post|postman|bank|dhl|ups|usps|fedex|royal mail))\b/,
      },
      {
        name: "shop-said-but",
        pattern:
          /\b(?:your |the )?(?:website|site|email|confirmation(?: email)?|listing|product page|app|order page|checkout page) (?:said|says|stated|states|promised|confirmed|told me|showed|showed me)\b[^.!?]{0,80}\b(?:but|yet|however|still)\b/,
      },
      {
        name: "previous-reply",
        pattern:
          /\b(?:(?:your|the) (?:last|previous|earlier) (?:email|reply|message|response|answer)|according to your (?:agent|colleague|email|reply|team|website)|in your (?:last |previous )?email you)\b/,
      },
      {
        name: "mistake",
        pattern:
          /\b(?:your (?:mistake|error|fault)|you(?:'ve| have)? made (?:a |an )?(?:mistake|error)|you got (?:it|my \w+|the \w+) wrong|you (?:messed (?:it )?up|screwed up)|(?:wrong|incorrect|false) information (?:from|given|by)|misinformed|misled|gave me (?:the )?wrong (?:information|info|advice))\b/,
      },
      {
        name: "non-english",
        pattern:
          /\b(?:me (?:dijeron|prometieron|aseguraron)|on m'(?:a|avait) (?:dit|promis)|vous (?:m'aviez|m'avez) (?:dit|promis)|mir wurde (?:gesagt|versprochen)|(?:ihr|ihre) (?:mitarbeiter|kollege|kollegin)(?:in)? (?:hat|sagte))\b/,
      },
    ],
    negatives: [
      /\b(?:i was told|i've been told|we were told) to (?:contact|email|write|reach|get in touch|message|call|ask)\b/,
      /\b(?:the|my) (?:courier|driver|carrier|post office|postman|bank|dhl|ups|usps|fedex|royal mail|tracking) (?:told|said|promised)\b/,
      /\byou (?:said|told me) (?:thanks|thank you)\b/,
      /\byou told (?:me|us) (?:about|to)\b/,
    ],
  },
];

const ACRONYMS = new Set([
  "USA",
  "UK",
  "EU",
  "UPS",
  "DHL",
  "USPS",
  "DPD",
  "GLS",
  "TNT",
  "FEDEX",
  "ETA",
  "SKU",
  "VAT",
  "PDF",
  "ASAP",
  "FAQ",
  "XXL",
  "XL",
  "XS",
  "USD",
  "GBP",
  "EUR",
  "CAD",
  "AUD",
  "NYC",
  "BBB",
  "FTC",
  "RMA",
  "ID",
  "PS",
  "PPS",
  "OK",
  "TV",
  "LED",
  "SPF",
  "CBD",
  "NB",
  "PO",
  "BOX",
  "APO",
]);

/** Shouting: several all-caps words that are not acronyms. */
function shouts(raw: string): boolean {
  const words = raw.match(/\p{L}[\p{L}']*/gu) ?? [];
  let caps = 0;
  for (const word of words) {
    const letters = word.replace(/'/g, "");
    if (
      letters.length >= 3 &&
      letters === letters.toUpperCase() &&
      letters !== letters.toLowerCase()
    ) {
      if (!ACRONYMS.has(letters)) {
        caps += 1;
      }
    }
  }
  return caps >= 3 && caps >= words.length * 0.3;
}

function overlapsAny(start: number, end: number, spans: Array<[number, number]>): boolean {
  return spans.some(([s, e]) => start < e && end > s);
}

const globals = new WeakMap<RegExp, RegExp>();

/** Every match of `pattern` in `text`, with a global copy compiled once per pattern. */
function* allMatches(pattern: RegExp, text: string): Generator<RegExpExecArray> {
  let global = globals.get(pattern);
  if (global === undefined) {
    global = new RegExp(pattern.source, "g");
    globals.set(pattern, global);
  }
  global.lastIndex = 0;
  for (let m = global.exec(text); m !== null; m = global.exec(text)) {
    yield m;
    if (m[0] === "") {
      global.lastIndex += 1;
    }
  }
}

function spansOf(pattern: RegExp, text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const m of allMatches(pattern, text)) {
    spans.push([m.index, m.index + m[0].length]);
  }
  return spans;
}

/**
 * The deterministic safeguards: rules over subject and body that raise the four risk flags.
 * They hold whatever a model says, so a ticket can never talk its way out of one.
 */
export function detectFlags(text: string): SafeguardResult {
  const normalised = normaliseText(text);
  const evidence: FlagEvidence[] = [];
  for (const rules of RULES) {
    const negativeSpans = rules.negatives.flatMap((negative) => spansOf(negative, normalised));
    for (const rule of rules.positives) {
      if (rule.test !== undefined) {
        if (rule.test(text)) {
          evidence.push({ flag: rules.flag, rule: rule.name, match: "(shouting in capitals)" });
        }
        continue;
      }
      if (rule.pattern === undefined) {
        continue;
      }
      for (const m of allMatches(rule.pattern, normalised)) {
        const start = m.index;
        if (!overlapsAny(start, start + m[0].length, negativeSpans)) {
          evidence.push({ flag: rules.flag, rule: rule.name, match: m[0] });
          break;
        }
      }
    }
  }
  const raised = new Set(evidence.map((item) => item.flag));
  return { flags: FLAG_ORDER.filter((flag) => raised.has(flag)), evidence };
}

/** Union of flag lists in taxonomy order: how model flags and safeguard flags combine. */
export function unionFlags(...lists: ReadonlyArray<readonly Flag[]>): Flag[] {
  const all = new Set(lists.flat());
  return FLAG_ORDER.filter((flag) => all.has(flag));
}
