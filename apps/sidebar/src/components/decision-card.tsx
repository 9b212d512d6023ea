import { Button } from "@zendeskgarden/react-buttons";
import { Well } from "@zendeskgarden/react-notifications";
import { MD, SM } from "@zendeskgarden/react-typography";
import { useState } from "react";
import type { Decision, Reason } from "../brief-types";
import { humanise, money } from "../format";

const approvalText: Record<Decision["approval"], string> = {
  none: "no approval needed",
  agent: "one agent click",
  lead: "a lead must approve",
  human: "a person handles this",
};

const mark: Record<string, string> = { pass: "✓", fail: "✗", applied: "→", skip: "–" };

function ReasonList({ reasons, label }: { reasons: Reason[]; label: string }) {
  return (
    <ul aria-label={label} style={{ margin: "6px 0 0", paddingLeft: 0, listStyle: "none" }}>
      {reasons.map((reason) => (
        <li key={`${reason.rule}-${reason.detail}`}>
          <SM>
            <span aria-hidden="true">{mark[reason.outcome] ?? ""} </span>
            {reason.detail}
          </SM>
        </li>
      ))}
    </ul>
  );
}

/** The decision and what decided it; every check the engine ran is one click away. */
export function DecisionCard({ decision }: { decision: Decision }) {
  const [showAll, setShowAll] = useState(false);
  const checked = decision.reasons.filter((reason) => reason.outcome !== "skip");
  const decisive = checked.filter((reason) => reason.outcome !== "pass");
  const shown = showAll || decisive.length === 0 ? checked : decisive;
  return (
    <Well isRecessed aria-label="Decision">
      <MD isBold>
        {humanise(decision.action)}
        {decision.amount !== null ? ` ${money(decision.amount, decision.currency)}` : ""}
      </MD>
      <SM>
        Tier {decision.tier} · {approvalText[decision.approval]}
      </SM>
      <ReasonList reasons={shown} label={showAll ? "Every check" : "Why"} />
      {decisive.length > 0 && decisive.length < checked.length && (
        <Button
          isLink
          size="small"
          onClick={() => setShowAll((value) => !value)}
          aria-expanded={showAll}
        >
          {showAll ? "Show only what decided it" : `Show all ${checked.length} checks`}
        </Button>
      )}
    </Well>
  );
}
