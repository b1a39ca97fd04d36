import { BlockStack, Modal, Text } from "@shopify/polaris";
import { useState } from "react";
import type { ShipmentRow } from "../pages/ShipmentsPage";
import { useI18n } from "../i18n";
import { useServices } from "../services";
import { ErrorBanner } from "./ErrorBanner";

/**
 * Void or refund, confirmed first: Canada Post voids a label not transmitted yet (never billed) and takes a
 * refund request for one already transmitted. A refusal stays in the dialog with Canada Post's own message.
 */
export function VoidModal(props: {
  shipment: ShipmentRow;
  refundEmail: string | null;
  onClose: () => void;
  onDone: (s: ShipmentRow) => void;
}) {
  const { t } = useI18n();
  const { api } = useServices();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const s = props.shipment;
  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await api.json<{ shipment: ShipmentRow }>(`/api/shipments/${s.id}/void-or-refund`, {
        method: "POST",
        body: {},
      });
      props.onDone(r.shipment);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      onClose={props.onClose}
      title={t("voidTitle")}
      primaryAction={{
        content: t("voidConfirm"),
        destructive: true,
        loading: busy,
        onAction: () => void confirm(),
      }}
      secondaryActions={[{ content: t("cancel"), onAction: props.onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="300">
          <Text as="p">
            {t("voidBody", { pin: s.tracking_pin ?? s.id, email: props.refundEmail ?? "—" })}
          </Text>
          <ErrorBanner error={error} />
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}
