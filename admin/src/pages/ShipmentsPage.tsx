/**
 * Shipments: every Canada Post label of the shop (or of one order), its PIN linked to Canada Post's tracking
 * page, its status and price; the label to open, print or download (PDF, or ZPL for thermal printers), one
 * file for the labels selected, void or refund after a confirmation (Canada Post's own message when it
 * refuses), and the tracking timeline in the shop's time zone.
 */
import {
  Badge,
  BlockStack,
  Button,
  ButtonGroup,
  Card,
  IndexTable,
  Link,
  Page,
  Text,
  useIndexResourceState,
} from "@shopify/polaris";
import { useCallback, useEffect, useState } from "react";
import { ErrorBanner } from "../components/ErrorBanner";
import { openBlob, printBlob, saveBlob } from "../components/files";
import { TrackingModal } from "../components/TrackingModal";
import { VoidModal } from "../components/VoidModal";
import { useI18n, type MessageKey } from "../i18n";
import { useRoute } from "../router";
import { useServices } from "../services";

export interface ShipmentRow {
  id: string;
  order_id: string;
  fulfillment_id: string | null;
  tracking_pin: string | null;
  tracking_url: string | null;
  service_code: string;
  status: "created" | "transmitted" | "voided" | "refund_requested";
  price_cents: number | null;
  label_url: string | null;
  label_media_type: string | null;
  tracking_status: string | null;
  created_at: string;
}

const STATUS_TONE: Record<ShipmentRow["status"], "info" | "success" | "critical" | "warning"> = {
  created: "info",
  transmitted: "success",
  voided: "critical",
  refund_requested: "warning",
};

export const live = (s: ShipmentRow) => s.status === "created" || s.status === "transmitted";
const isZpl = (s: ShipmentRow) => Boolean(s.label_media_type?.includes("zpl"));

export function ShipmentsPage() {
  const { t, money, dateTime, lang } = useI18n();
  const { api, toast, shop } = useServices();
  const { query, navigate } = useRoute();
  const orderId = query.get("order_id");
  const printId = query.get("print");
  const [shipments, setShipments] = useState<ShipmentRow[]>();
  const [error, setError] = useState<unknown>();
  const [voiding, setVoiding] = useState<ShipmentRow>();
  const [tracking, setTracking] = useState<ShipmentRow>();
  const zone = shop?.timeZone ?? "America/Toronto";

  const load = useCallback(() => {
    const path = orderId ? `/api/shipments?order_id=${encodeURIComponent(orderId)}` : "/api/shipments";
    api
      .json<{ shipments: ShipmentRow[] }>(path)
      .then((r) => setShipments(r.shipments))
      .catch(setError);
  }, [api, orderId]);
  useEffect(load, [load]);

  const label = useCallback(
    async (s: ShipmentRow, how: "open" | "print" | "download") => {
      try {
        const blob = await api.blob(s.label_url!);
        if (how === "open") openBlob(blob);
        else if (how === "print") printBlob(blob);
        else saveBlob(blob, `label-${s.tracking_pin ?? s.id}.${isZpl(s) ? "zpl" : "pdf"}`);
      } catch (e) {
        setError(e);
      }
    },
    [api],
  );

  // Opened from the order page's block with ?print=<shipment>: the label, ready to print.
  useEffect(() => {
    const s = printId && shipments?.find((x) => x.id === printId);
    if (s && s.label_url) void label(s, isZpl(s) ? "download" : "print");
  }, [printId, shipments, label]);

  const rowsShown = shipments ?? [];
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } =
    useIndexResourceState(rowsShown as unknown as { [key: string]: unknown }[]);
  const selected = rowsShown.filter(
    (s) => (allResourcesSelected || selectedResources.includes(s.id)) && s.label_url && live(s),
  );
  const zpl = selected.length > 0 && selected.every(isZpl);

  const merged = async () => {
    try {
      const blob = await api.blob("/api/labels/merged", {
        method: "POST",
        body: { shipment_ids: selected.map((s) => s.id) },
      });
      if (zpl) saveBlob(blob, `labels-${selected.length}.zpl`);
      else openBlob(blob);
      clearSelection();
    } catch (e) {
      setError(e);
    }
  };

  const rows = rowsShown.map((s, index) => (
    <IndexTable.Row id={s.id} key={s.id} position={index} selected={selectedResources.includes(s.id)}>
      <IndexTable.Cell>
        <span data-testid="shipment-pin">
          {s.tracking_url ? (
            <Link url={s.tracking_url} target="_blank" removeUnderline>
              {s.tracking_pin}
            </Link>
          ) : (
            (s.tracking_pin ?? t("none"))
          )}
        </span>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <span data-testid="shipment-status" data-status={s.status}>
          <Badge tone={STATUS_TONE[s.status]}>{t(`status_${s.status}` as MessageKey)}</Badge>
        </span>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Button variant="plain" onClick={() => setTracking(s)} disabled={!s.tracking_pin}>
          {t(`tracking_${s.tracking_status ?? "unknown"}` as MessageKey)}
        </Button>
      </IndexTable.Cell>
      <IndexTable.Cell>
        {s.service_code} · {money(s.price_cents)}
      </IndexTable.Cell>
      <IndexTable.Cell>{dateTime(s.created_at, zone)}</IndexTable.Cell>
      <IndexTable.Cell>
        <div onClick={(e) => e.stopPropagation()}>
          {s.label_url && live(s) ? (
            <ButtonGroup variant="segmented">
              {!isZpl(s) && (
                <Button size="slim" onClick={() => void label(s, "open")}>
                  {t("openLabel")}
                </Button>
              )}
              {!isZpl(s) && (
                <Button size="slim" onClick={() => void label(s, "print")}>
                  {t("printLabel")}
                </Button>
              )}
              <Button size="slim" onClick={() => void label(s, "download")}>
                {isZpl(s) ? t("downloadZpl") : t("downloadLabel")}
              </Button>
            </ButtonGroup>
          ) : (
            t("none")
          )}
        </div>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <div onClick={(e) => e.stopPropagation()}>
          {live(s) && (
            <Button size="slim" tone="critical" variant="tertiary" onClick={() => setVoiding(s)}>
              {t("voidOrRefund")}
            </Button>
          )}
        </div>
      </IndexTable.Cell>
    </IndexTable.Row>
  ));

  return (
    <Page
      title={t("shipmentsTitle")}
      subtitle={orderId ? t("highlightFromOrder", { order: orderId.split("/").pop() ?? orderId }) : undefined}
      secondaryActions={
        orderId ? [{ content: t("showAll"), onAction: () => navigate("/shipments") }] : undefined
      }
      fullWidth
    >
      <BlockStack gap="400">
        <ErrorBanner error={error} onDismiss={() => setError(undefined)} />
        <Card padding="0">
          <IndexTable
            resourceName={{ singular: t("colLabel"), plural: t("shipmentsTitle") }}
            itemCount={rowsShown.length}
            loading={!shipments && !error}
            selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
            onSelectionChange={handleSelectionChange}
            promotedBulkActions={[
              {
                content: zpl
                  ? t("downloadSelectedZpl", { count: selected.length })
                  : t("printSelected", { count: selected.length }),
                onAction: () => void merged(),
              },
            ]}
            emptyState={
              <Text as="p" alignment="center">
                {shipments ? t("noShipments") : t("loading")}
              </Text>
            }
            headings={[
              { title: t("colPin") },
              { title: t("colStatus") },
              { title: t("colTracking") },
              { title: t("colPrice") },
              { title: t("colCreated") },
              { title: t("colLabel") },
              { title: "" },
            ]}
          >
            {rows}
          </IndexTable>
        </Card>
      </BlockStack>
      {voiding && (
        <VoidModal
          shipment={voiding}
          refundEmail={shop?.refundEmail ?? null}
          onClose={() => setVoiding(undefined)}
          onDone={(s) => {
            toast(t(s.status === "voided" ? "voided" : "refundRequested", { pin: s.tracking_pin ?? s.id }));
            setVoiding(undefined);
            load();
          }}
        />
      )}
      {tracking && (
        <TrackingModal
          shipment={tracking}
          timeZone={zone}
          lang={lang}
          onClose={() => setTracking(undefined)}
        />
      )}
    </Page>
  );
}
