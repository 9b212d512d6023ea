// The taxonomy is owned by the policy package (design/taxonomy.md); re-exported for local use.
export { Flag, Intent, Sentiment, Urgency } from "@countersign/policy";
