import { Well } from "@zendeskgarden/react-notifications";
import { MD, SM } from "@zendeskgarden/react-typography";
import type { TicketSummary } from "../api";

export function TicketCard({ ticket }: { ticket: TicketSummary }) {
  return (
    <Well isRecessed aria-label="Customer">
      <MD isBold>{ticket.requester.name}</MD>
      <SM>{ticket.requester.email}</SM>
      <SM>
        #{ticket.id} · {ticket.subject}
      </SM>
      <SM>
        {ticket.customerMessages} {ticket.customerMessages === 1 ? "message" : "messages"} from the
        customer
      </SM>
    </Well>
  );
}
