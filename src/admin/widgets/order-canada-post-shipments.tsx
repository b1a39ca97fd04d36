import { defineWidgetConfig } from "@medusajs/admin-sdk";
import { Badge, Button, Container, Heading, StatusBadge, Text, toast, usePrompt } from "@medusajs/ui";
import { useCallback, useEffect, useState } from "react";
import { adminApi, AdminApiError, type ShipmentView } from "../lib/api";
import { useI18n, type MessageKey } from "../lib/i18n";

/** The Canada Post shipments of an order: label, PIN, status, price, tracking, void or refund. */
const STATUS_COLOR: Record<string, "green" | "orange" | "red" | "grey" | "blue"> = {
  created: "blue",
  transmitted: "green",
  voided: "grey",
  refund_requested: "orange",
};

function ShipmentCard({ shipment, onChange }: { shipment: ShipmentView; onChange: () => void }) {
  const prompt = usePrompt();
  const { t, money, lang } = useI18n();
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState(false);
  const done = shipment.status === "voided" || shipment.status === "refund_requested";
  const action = t(shipment.status === "created" ? "voidLabel" : "requestRefund");
  const statusKey = `status_${shipment.status}` as MessageKey;

  const act = async (what: "tracking" | "void-or-refund") => {
    if (what === "void-or-refund") {
      const ok = await prompt({
        title: `${action}${lang === "fr" ? " " : ""}?`,
        description: t(shipment.status === "created" ? "voidDescription" : "refundDescription"),
        confirmText: action,
        cancelText: t("keepIt"),
      });
      if (!ok) return;
    }
    setBusy(true);
    try {
      const path = `/admin/canada-post/shipments/${encodeURIComponent(shipment.shipment_id)}/${what}`;
      // Tracking texts come from Canada Post: asked for in the admin's language.
      const query = what === "tracking" ? `?lang=${lang}` : "";
      await adminApi(`${path}${query}`, what === "tracking" ? undefined : { method: "POST", body: "{}" });
      toast.success(what === "tracking" ? t("trackingRefreshed") : t("actionDone", { action }));
      onChange();
    } catch (e) {
      const err = e as AdminApiError;
      toast.error(err.code ? t("canadaPostError", { code: err.code, message: err.message }) : err.message);
    } finally {
      setBusy(false);
    }
  };

  const events = shipment.tracking.events ?? [];
  const isZpl = shipment.label_media_type === "application/zpl";
  return (
    <div className="flex flex-col gap-y-2 border-t px-6 py-4" data-testid="canada-post-shipment">
      <div className="flex items-center justify-between">
        <Text weight="plus" size="small">
          {shipment.service_code} · PIN{" "}
          {shipment.tracking_url ? (
            <a
              href={shipment.tracking_url}
              target="_blank"
              rel="noreferrer"
              className="text-ui-fg-interactive"
            >
              {shipment.tracking_pin}
            </a>
          ) : (
            shipment.tracking_pin
          )}
        </Text>
        <StatusBadge color={STATUS_COLOR[shipment.status] ?? "grey"} data-testid="canada-post-status">
          {shipment.status in STATUS_COLOR ? t(statusKey) : shipment.status.replace("_", " ")}
        </StatusBadge>
      </div>
      <Text size="small" className="text-ui-fg-subtle">
        {shipment.price ? t("paid", { amount: money(shipment.price.due) }) : ""}
        {shipment.tracking.status ? ` · ${shipment.tracking.status.replace(/_/g, " ")}` : ""}
        {shipment.tracking.expected_delivery_date
          ? ` · ${t("expected", { date: shipment.tracking.expected_delivery_date })}`
          : ""}
        {shipment.tracking.actual_delivery_date
          ? ` · ${t("delivered", { date: shipment.tracking.actual_delivery_date })}`
          : ""}
      </Text>
      {events.length > 0 && (
        <ul className="text-ui-fg-subtle txt-small" data-testid="canada-post-events">
          {events.slice(0, 5).map((e) => (
            <li key={`${e.occurredAt}-${e.code}`}>
              {new Date(e.occurredAt).toLocaleString(lang === "fr" ? "fr-CA" : "en-CA")} — {e.description}
              {e.site ? ` (${e.site}${e.province ? `, ${e.province}` : ""})` : ""}
            </li>
          ))}
        </ul>
      )}
      {preview && shipment.label_url && (
        // The label route answers inline with the admin's session cookie: the PDF shows in the page, to print.
        <iframe
          src={shipment.label_url}
          title={`label-${shipment.tracking_pin ?? shipment.shipment_id}`}
          className="h-96 w-full rounded border"
          data-testid="canada-post-label-preview"
        />
      )}
      <div className="flex flex-wrap gap-2">
        {shipment.label_url && (
          <Button size="small" variant="secondary" asChild>
            <a href={shipment.label_url} target="_blank" rel="noreferrer" data-testid="canada-post-label">
              {t(isZpl ? "downloadZpl" : "openLabel")}
            </a>
          </Button>
        )}
        {shipment.label_url && !isZpl && (
          <>
            <Button
              size="small"
              variant="secondary"
              onClick={() => setPreview((p) => !p)}
              data-testid="canada-post-label-preview-toggle"
            >
              {t(preview ? "hidePreview" : "previewLabel")}
            </Button>
            <Button size="small" variant="secondary" asChild>
              <a
                href={shipment.label_url}
                download={`label-${shipment.tracking_pin ?? shipment.shipment_id}.pdf`}
              >
                {t("downloadLabel")}
              </a>
            </Button>
          </>
        )}
        <Button size="small" variant="secondary" disabled={busy} onClick={() => void act("tracking")}>
          {t("refreshTracking")}
        </Button>
        {!done && (
          <Button
            size="small"
            variant="danger"
            disabled={busy}
            onClick={() => void act("void-or-refund")}
            data-testid="canada-post-void-or-refund"
          >
            {action}
          </Button>
        )}
      </div>
    </div>
  );
}

const OrderCanadaPostShipments = ({ data }: { data: { id: string } }) => {
  const [shipments, setShipments] = useState<ShipmentView[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const { t, lang } = useI18n();

  const load = useCallback(() => {
    adminApi<{ shipments: ShipmentView[] }>(
      `/admin/canada-post/shipments?order_id=${encodeURIComponent(data.id)}&lang=${lang}`,
    )
      .then((r) => setShipments(r.shipments))
      .catch((e: Error) => setError(e.message));
  }, [data.id, lang]);
  useEffect(load, [load]);

  if (!error && shipments?.length === 0) return null;
  return (
    <Container className="divide-y p-0" data-testid="canada-post-shipments">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">{t("canadaPost")}</Heading>
        <Badge size="2xsmall">{t("shipmentCount", { count: shipments?.length ?? "…" })}</Badge>
      </div>
      {error && (
        <Text size="small" className="text-ui-fg-error px-6 py-4">
          {error}
        </Text>
      )}
      {shipments?.map((s) => (
        <ShipmentCard key={s.id} shipment={s} onChange={load} />
      ))}
    </Container>
  );
};

export const config = defineWidgetConfig({ zone: "order.details.side.after" });

export default OrderCanadaPostShipments;
