/** @jsxImportSource preact */
/**
 * admin.order-details.action.render: the label bought from the order page. Shows the service the customer
 * chose (or the labels the order already has), buys the label(s) and fulfills the order in Shopify with the
 * PIN(s); a refusal shows Canada Post's own code and text.
 */
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import {
  AppApiError,
  createLabels,
  live,
  orderSummary,
  printLink,
  type OrderSummary,
  type Shipment,
} from "../../shared/app-api";

export default async () => {
  render(<CreateLabel />, document.body);
};

function CreateLabel() {
  const { i18n, data, close } = shopify;
  const orderId = data.selected[0]?.id;
  const [summary, setSummary] = useState<OrderSummary>();
  const [created, setCreated] = useState<Shipment[]>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (orderId)
      orderSummary(orderId).then(setSummary, (e: Error) =>
        setError(i18n.translate("failed", { message: e.message })),
      );
  }, [orderId]);

  const existing = summary?.shipments.filter(live) ?? [];
  const pins = (list: Shipment[]) => list.map((s) => s.tracking_pin ?? s.id).join(", ");

  const create = async () => {
    if (!orderId) return;
    setBusy(true);
    setError(undefined);
    try {
      setCreated(await createLabels(orderId));
    } catch (e) {
      setError(
        e instanceof AppApiError && e.code
          ? i18n.translate("refused", { code: e.code, message: e.text })
          : i18n.translate("failed", { message: (e as Error).message }),
      );
    } finally {
      setBusy(false);
    }
  };

  const o = summary?.order;
  const done = created ?? (existing.length ? existing : undefined);
  return (
    <s-admin-action heading={i18n.translate("title")} loading={!summary && !error}>
      <s-stack direction="block" gap="base">
        {error && <s-banner tone="critical">{error}</s-banner>}
        {o && !done && (
          <s-text>
            {o.service_code
              ? i18n.translate("service", { service: o.service_name ?? o.service_code, code: o.service_code })
              : i18n.translate("noService")}
          </s-text>
        )}
        {created && <s-banner tone="success">{i18n.translate("created", { pins: pins(created) })}</s-banner>}
        {!created && existing.length > 0 && (
          <s-text>{i18n.translate("already", { pins: pins(existing) })}</s-text>
        )}
        {done &&
          orderId &&
          done.map((s) => (
            <s-link key={s.id} href={printLink(orderId, s)}>
              {i18n.translate("print", { pin: s.tracking_pin ?? s.id })}
            </s-link>
          ))}
      </s-stack>
      <s-button
        slot="primary-action"
        variant="primary"
        loading={busy}
        disabled={!summary || Boolean(done)}
        onClick={() => void create()}
      >
        {i18n.translate("create")}
      </s-button>
      <s-button slot="secondary-actions" onClick={() => close()}>
        {i18n.translate("close")}
      </s-button>
    </s-admin-action>
  );
}
