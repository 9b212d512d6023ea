import { Anchor } from "@zendeskgarden/react-buttons";
import { Tag } from "@zendeskgarden/react-tags";
import { MD, SM } from "@zendeskgarden/react-typography";
import type { OrderView } from "../brief-types";
import { humanise, money, shortDate } from "../format";

interface Props {
  order: OrderView | null;
  choiceReason: string;
}

export function OrderCard({ order, choiceReason }: Props) {
  if (!order) {
    return (
      <section aria-label="Order">
        <MD isBold>No order</MD>
        <SM>{choiceReason}</SM>
      </section>
    );
  }
  const shipment = order.shipments[0] ?? null;
  return (
    <section aria-label="Order" style={{ display: "grid", gap: 4 }}>
      <MD isBold>
        Order {order.name} · {money(order.total, order.currency)}
      </MD>
      <SM>
        {shortDate(order.createdAt)} · {humanise(order.financialStatus.toLowerCase())} ·{" "}
        {humanise(order.fulfillmentStatus.toLowerCase())}
      </SM>
      <SM>{choiceReason}</SM>
      <ul style={{ margin: 0, paddingLeft: 16 }}>
        {order.items.map((item) => (
          <li key={item.id}>
            <SM>
              {item.title}
              {item.variantTitle ? ` (${item.variantTitle})` : ""} × {item.quantity} ·{" "}
              {money(item.unitPrice, order.currency)}
              {item.productTags.some((tag) => tag.toLowerCase() === "final-sale") && (
                <>
                  {" "}
                  <Tag size="small" hue="orange">
                    Final sale
                  </Tag>
                </>
              )}
            </SM>
          </li>
        ))}
      </ul>
      {shipment && (
        <SM>
          {humanise(shipment.status)}
          {shipment.carrier ? ` with ${shipment.carrier}` : ""}
          {shipment.deliveredAt
            ? ` · delivered ${shortDate(shipment.deliveredAt)}`
            : shipment.estimatedDeliveryAt
              ? ` · expected ${shortDate(shipment.estimatedDeliveryAt)}`
              : ""}
          {shipment.trackingUrl && (
            <>
              {" · "}
              <Anchor href={shipment.trackingUrl} isExternal>
                Track {shipment.trackingNumber ?? "parcel"}
              </Anchor>
            </>
          )}
          {shipment.lastScan ? ` · last scan: ${shipment.lastScan.message}` : ""}
        </SM>
      )}
      {order.refunds.length > 0 && (
        <SM>
          Refunded {money(order.refundedTotal, order.currency)} in {order.refunds.length}{" "}
          {order.refunds.length === 1 ? "refund" : "refunds"}
        </SM>
      )}
      {order.returns.length > 0 && (
        <SM>Returns: {order.returns.map((item) => `${item.name} (${item.status})`).join(", ")}</SM>
      )}
    </section>
  );
}
