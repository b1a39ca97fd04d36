/**
 * Manifests (manifest mode): the groups of labels waiting to be transmitted, transmit after a confirmation
 * (then labels can only be refunded), and the history with each manifest's PDF to hand over with the parcels.
 */
import { Banner, BlockStack, Button, Card, DataTable, Modal, Page, Text } from "@shopify/polaris";
import { useCallback, useEffect, useState } from "react";
import { ErrorBanner } from "../components/ErrorBanner";
import { openBlob } from "../components/files";
import { useI18n, type MessageKey } from "../i18n";
import { useServices } from "../services";

interface WaitingGroup {
  groupId: string;
  shipmentCount: number;
  orderIds: string[];
  serviceCodes: string[];
  oldestCreatedAt: string | null;
}

interface ManifestRow {
  id: string;
  manifest_id: string;
  po_number: string | null;
  group_ids: string[];
  shipment_count: number;
  document_url: string | null;
  problem: string | null;
  created_at: string;
}

interface Manifests {
  mode: "transmit" | "manifest" | "noncontract";
  waiting: WaitingGroup[];
  history: ManifestRow[];
}

export function ManifestsPage() {
  const { t, dateTime } = useI18n();
  const { api, toast, shop } = useServices();
  const [data, setData] = useState<Manifests>();
  const [error, setError] = useState<unknown>();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const zone = shop?.timeZone ?? "America/Toronto";

  const load = useCallback(() => {
    api.json<Manifests>("/api/manifests").then(setData).catch(setError);
  }, [api]);
  useEffect(load, [load]);

  const groups = data?.waiting.map((g) => g.groupId) ?? [];
  const count = data?.waiting.reduce((n, g) => n + g.shipmentCount, 0) ?? 0;

  const transmit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await api.json<{ transmitted: number }>("/api/manifests/transmit", {
        method: "POST",
        body: { group_ids: groups },
      });
      toast(t("transmitted", { count: r.transmitted }));
      setConfirming(false);
      load();
    } catch (e) {
      setError(e);
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  };

  const pdf = async (m: ManifestRow) => {
    try {
      openBlob(await api.blob(m.document_url!));
    } catch (e) {
      setError(e);
    }
  };

  return (
    <Page title={t("manifestsTitle")}>
      <BlockStack gap="400">
        <ErrorBanner error={error} onDismiss={() => setError(undefined)} />
        {data && data.mode !== "manifest" && (
          <Banner tone="info">
            <Text as="p">{t("manifestModeOff", { mode: t(`mode_${data.mode}` as MessageKey) })}</Text>
          </Banner>
        )}
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("waitingTitle")}
            </Text>
            {data?.waiting.length ? (
              <div data-testid="waiting-groups">
                <DataTable
                  columnContentTypes={["text", "numeric", "text", "text"]}
                  headings={[t("colGroup"), t("colCount"), t("colService"), t("colCreated")]}
                  rows={data.waiting.map((g) => [
                    g.groupId,
                    g.shipmentCount,
                    g.serviceCodes.join(", "),
                    dateTime(g.oldestCreatedAt, zone),
                  ])}
                />
              </div>
            ) : (
              <Text as="p" tone="subdued">
                {data ? t("noWaiting") : t("loading")}
              </Text>
            )}
            <div>
              <Button variant="primary" disabled={!groups.length} onClick={() => setConfirming(true)}>
                {t("transmit", { count: groups.length })}
              </Button>
            </div>
          </BlockStack>
        </Card>
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("historyTitle")}
            </Text>
            {data?.history.length ? (
              <div data-testid="manifest-history">
                <DataTable
                  columnContentTypes={["text", "text", "text", "numeric", "text", "text"]}
                  headings={[
                    t("colManifest"),
                    t("colPo"),
                    t("colGroup"),
                    t("colCount"),
                    t("colCreated"),
                    t("colDocument"),
                  ]}
                  rows={data.history.map((m) => [
                    m.manifest_id,
                    m.po_number ?? t("none"),
                    m.group_ids.join(", "),
                    m.shipment_count,
                    dateTime(m.created_at, zone),
                    m.document_url ? (
                      <Button key={m.id} variant="plain" onClick={() => void pdf(m)}>
                        {t("manifestPdf")}
                      </Button>
                    ) : (
                      (m.problem ?? t("none"))
                    ),
                  ])}
                />
              </div>
            ) : (
              <Text as="p" tone="subdued">
                {data ? t("noHistory") : t("loading")}
              </Text>
            )}
          </BlockStack>
        </Card>
      </BlockStack>
      <Modal
        open={confirming}
        onClose={() => setConfirming(false)}
        title={t("transmitTitle")}
        primaryAction={{ content: t("transmitConfirm"), loading: busy, onAction: () => void transmit() }}
        secondaryActions={[{ content: t("cancel"), onAction: () => setConfirming(false) }]}
      >
        <Modal.Section>
          <Text as="p">{t("transmitBody", { groups: groups.join(", "), count })}</Text>
        </Modal.Section>
      </Modal>
    </Page>
  );
}
