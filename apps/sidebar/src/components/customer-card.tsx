import { Tag } from "@zendeskgarden/react-tags";
import { MD, SM } from "@zendeskgarden/react-typography";
import type { CustomerView } from "../brief-types";
import { money } from "../format";

interface Props {
  customer: CustomerView | null;
  requester: { name: string; email: string };
  isVip: boolean;
}

export function CustomerCard({ customer, requester, isVip }: Props) {
  return (
    <section aria-label="Customer" style={{ display: "grid", gap: 2 }}>
      <MD isBold>
        {customer?.name ?? requester.name}{" "}
        {isVip && (
          <Tag hue="yellow" size="small">
            VIP
          </Tag>
        )}
      </MD>
      <SM>{requester.email}</SM>
      {customer ? (
        <SM>
          Lifetime value {money(customer.amountSpent.amount, customer.amountSpent.currency)} ·{" "}
          {customer.numberOfOrders} {customer.numberOfOrders === 1 ? "order" : "orders"} ·{" "}
          {customer.returnsLast365Days} {customer.returnsLast365Days === 1 ? "return" : "returns"}{" "}
          in the last year
        </SM>
      ) : (
        <SM>No Shopify customer has this email address.</SM>
      )}
    </section>
  );
}
