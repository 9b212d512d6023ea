import { Well } from "@zendeskgarden/react-notifications";
import { MD, SM } from "@zendeskgarden/react-typography";
import type { Decision } from "../brief-types";
import { humanise, money } from "../format";

const approvalText: Record<Decision["approval"], string> = {
  none: "no approval needed",
  agent: "one agent click",
  lead: "a lead must approve",
  human: "a person handles this",
};

const mark: Record<string, string> = { pass: "✓", fail: "✗", applied: "→", skip: "–" };

export function DecisionCard({ decision }: { decision: Decision }) {
  return (
    <Well isRecessed aria-label="Decision">
      <MD isBold>
        {humanise(decision.action)}
        {decision.amount !== null ? ` ${money(decision.amount, decision.currency)}` : ""}
      </MD>
      <SM>
        Tier {decision.tier} · {approvalText[decision.approval]}
      </SM>
      <ul aria-label="Why" style={{ margin: "6px 0 0", paddingLeft: 0, listStyle: "none" }}>
        {decision.reasons
          .filter((reason) => reason.outcome !== "skip")
          .map((reason) => (
            <li key={`${reason.rule}-${reason.detail}`}>
              <SM>
                <span aria-hidden="true">{mark[reason.outcome] ?? ""} </span>
                {reason.detail}
              </SM>
            </li>
          ))}
      </ul>
    </Well>
  );
}
