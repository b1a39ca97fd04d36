import { BlockStack, Button, Modal, Text } from "@shopify/polaris";
import { useCallback, useEffect, useState } from "react";
import type { ShipmentRow } from "../pages/ShipmentsPage";
import { useI18n, type Lang } from "../i18n";
import { useServices } from "../services";
import { ErrorBanner } from "./ErrorBanner";

interface TrackingEvent {
  code: string;
  occurred_at: string;
  description: string;
  site: string | null;
  province: string | null;
}

/** The parcel's scans, newest first, at the shop's local time (not the browser's). */
export function TrackingTimeline(props: { events: TrackingEvent[]; timeZone: string }) {
  const { t, dateTime } = useI18n();
  if (!props.events.length)
    return (
      <Text as="p" tone="subdued">
        {t("noEvents")}
      </Text>
    );
  return (
    <BlockStack gap="200">
      <Text as="p" tone="subdued" variant="bodySm">
        {t("timesIn", { zone: props.timeZone })}
      </Text>
      <ol data-testid="tracking-timeline" style={{ margin: 0, paddingLeft: "1.2rem" }}>
        {props.events.map((e) => (
          <li key={`${e.code}-${e.occurred_at}`} style={{ marginBottom: "0.5rem" }}>
            <Text as="span" fontWeight="semibold">
              {dateTime(e.occurred_at, props.timeZone)}
            </Text>{" "}
            — {e.description}
            {e.site ? ` (${e.site}${e.province ? `, ${e.province}` : ""})` : ""}
          </li>
        ))}
      </ol>
    </BlockStack>
  );
}

export function TrackingModal(props: {
  shipment: ShipmentRow;
  timeZone: string;
  lang: Lang;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { api } = useServices();
  const [events, setEvents] = useState<TrackingEvent[]>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const id = props.shipment.id;
  useEffect(() => {
    api
      .json<{ events: TrackingEvent[] }>(`/api/shipments/${id}/tracking`)
      .then((r) => setEvents(r.events))
      .catch(setError);
  }, [api, id]);
  const refresh = useCallback(async () => {
    setBusy(true);
    setError(undefined);
    try {
      setEvents(
        (
          await api.json<{ events: TrackingEvent[] }>(`/api/shipments/${id}/tracking/refresh`, {
            method: "POST",
            body: {},
          })
        ).events,
      );
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }, [api, id]);
  return (
    <Modal
      open
      onClose={props.onClose}
      title={t("timelineFor", { pin: props.shipment.tracking_pin ?? id })}
      secondaryActions={[{ content: t("close"), onAction: props.onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="300">
          <ErrorBanner error={error} />
          {events ? (
            <TrackingTimeline events={events} timeZone={props.timeZone} />
          ) : (
            <Text as="p">{t("loading")}</Text>
          )}
          <div>
            <Button loading={busy} onClick={() => void refresh()}>
              {t("refreshTracking")}
            </Button>
          </div>
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}
