import { Tag } from "@zendeskgarden/react-tags";
import { SM } from "@zendeskgarden/react-typography";
import type { Classification } from "../brief-types";
import { humanise } from "../format";

const sentimentHue: Record<string, string> = {
  positive: "green",
  neutral: "grey",
  negative: "red",
};
const urgencyHue: Record<string, string> = { low: "grey", normal: "blue", high: "red" };

/** What the customer wants, how they feel, how urgent, and the risk flags. */
export function Triage({ classification }: { classification: Classification }) {
  return (
    <section aria-label="Triage" style={{ display: "grid", gap: 6 }}>
      <div style={{ display: "flex", flexWrap: "wrap", gap: 4 }}>
        <Tag hue="kale" title="Intent">
          {humanise(classification.intent)}
        </Tag>
        <Tag hue={sentimentHue[classification.sentiment] ?? "grey"} title="Sentiment">
          {humanise(classification.sentiment)}
        </Tag>
        <Tag hue={urgencyHue[classification.urgency] ?? "grey"} title="Urgency">
          {humanise(classification.urgency)} urgency
        </Tag>
        {classification.flags.map((flag) => (
          <Tag key={flag} hue="red" title="Risk flag">
            {humanise(flag)}
          </Tag>
        ))}
      </div>
      <SM>
        Confidence {Math.round(classification.confidence * 100)}% ·{" "}
        {classification.source === "claude" ? "read by Claude" : "read offline"}
        {classification.fallbackReason ? ` (${classification.fallbackReason})` : ""}
      </SM>
    </section>
  );
}
