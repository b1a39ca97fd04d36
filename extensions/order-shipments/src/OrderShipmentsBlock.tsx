/** @jsxImportSource preact */
/**
 * admin.order-details.block.render: the order's Canada Post labels on Shopify's order page, each with its
 * PIN (Canada Post's tracking page), its status and a link that opens the label, ready to print, in the app.
 */
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { live, orderShipments, printLink, type Shipment } from "../../shared/app-api";

export default async () => {
  render(<OrderShipments />, document.body);
};

const TONE = {
  created: "info",
  transmitted: "success",
  voided: "critical",
  refund_requested: "warning",
} as const;

function OrderShipments() {
  const { i18n, data } = shopify;
  const orderId = data.selected[0]?.id;
  const [shipments, setShipments] = useState<Shipment[]>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (!orderId) return;
    orderShipments(orderId).then(setShipments, (e: Error) => setError(e.message));
  }, [orderId]);

  const count = shipments?.filter(live).length ?? 0;
  return (
    <s-admin-block
      heading={i18n.translate("heading")}
      collapsedSummary={i18n.translate("summary", { count })}
    >
      {error && <s-banner tone="critical">{i18n.translate("failed", { message: error })}</s-banner>}
      {!shipments && !error && <s-text>{i18n.translate("loading")}</s-text>}
      {shipments && shipments.length === 0 && <s-text>{i18n.translate("none")}</s-text>}
      {shipments && shipments.length > 0 && (
        <s-stack direction="block" gap="small-200">
          {shipments.map((s) => (
            <s-stack key={s.id} direction="inline" gap="small-200" alignItems="center">
              {s.tracking_url ? (
                <s-link href={s.tracking_url} target="_blank">
                  {s.tracking_pin}
                </s-link>
              ) : (
                <s-text>{s.tracking_pin ?? s.id}</s-text>
              )}
              <s-badge tone={TONE[s.status]}>{i18n.translate(`status.${s.status}`)}</s-badge>
              <s-text color="subdued">{s.service_code}</s-text>
              {live(s) && s.label_url && orderId && (
                <s-link href={printLink(orderId, s)}>{i18n.translate("print")}</s-link>
              )}
            </s-stack>
          ))}
        </s-stack>
      )}
    </s-admin-block>
  );
}
