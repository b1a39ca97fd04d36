import { defineRouteConfig } from "@medusajs/admin-sdk";
import { DocumentText } from "@medusajs/icons";
import { Badge, Button, Container, Heading, Table, Text, toast, usePrompt } from "@medusajs/ui";
import { useCallback, useEffect, useState } from "react";
import { adminApi, AdminApiError } from "../../lib/api";
import { adminLanguage, translate, useI18n } from "../../lib/i18n";

/** End of day: the groups of labels waiting for transmit, transmitting them, and the manifests made. */
interface WaitingGroup {
  group_id: string;
  shipment_count: number;
  order_ids: string[];
  service_codes: string[];
  oldest_created_at: string | null;
}

interface ManifestView {
  id: string;
  manifest_id: string;
  po_number: string | null;
  group_ids: string[];
  shipment_count: number;
  created_at: string | null;
  pdf_url: string | null;
  problem: string | null;
}

interface ManifestsAnswer {
  mode: "transmit" | "manifest" | "noncontract";
  note: string;
  waiting: WaitingGroup[];
  manifests: ManifestView[];
}

const when = (iso: string | null, lang: string) =>
  iso ? new Date(iso).toLocaleString(lang === "fr" ? "fr-CA" : "en-CA") : "";

function WaitingGroups({ groups, onTransmitted }: { groups: WaitingGroup[]; onTransmitted: () => void }) {
  const prompt = usePrompt();
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState<string | undefined>();

  const transmit = async (group: WaitingGroup) => {
    const ok = await prompt({
      title: t("transmitGroupTitle", { group: group.group_id }),
      description: t("transmitGroupDescription", { count: group.shipment_count }),
      confirmText: t("transmit"),
      cancelText: t("notYet"),
    });
    if (!ok) return;
    setBusy(group.group_id);
    try {
      const r = await adminApi<{ manifests: ManifestView[] }>("/admin/canada-post/manifests", {
        method: "POST",
        body: JSON.stringify({ group_ids: [group.group_id] }),
      });
      toast.success(t("groupTransmitted", { group: group.group_id, count: r.manifests.length }));
      onTransmitted();
    } catch (e) {
      const err = e as AdminApiError;
      toast.error(err.code ? t("canadaPostError", { code: err.code, message: err.message }) : err.message);
    } finally {
      setBusy(undefined);
    }
  };

  if (groups.length === 0) {
    return (
      <Text size="small" className="text-ui-fg-subtle px-6 py-4">
        {t("nothingWaiting")}
      </Text>
    );
  }
  return (
    <Table>
      <Table.Header>
        <Table.Row>
          <Table.HeaderCell>{t("group")}</Table.HeaderCell>
          <Table.HeaderCell>{t("shipments")}</Table.HeaderCell>
          <Table.HeaderCell>{t("orders")}</Table.HeaderCell>
          <Table.HeaderCell>{t("services")}</Table.HeaderCell>
          <Table.HeaderCell>{t("oldestLabel")}</Table.HeaderCell>
          <Table.HeaderCell />
        </Table.Row>
      </Table.Header>
      <Table.Body>
        {groups.map((g) => (
          <Table.Row key={g.group_id} data-testid="canada-post-waiting-group">
            <Table.Cell>{g.group_id}</Table.Cell>
            <Table.Cell>{g.shipment_count}</Table.Cell>
            <Table.Cell>{g.order_ids.length}</Table.Cell>
            <Table.Cell>{g.service_codes.join(", ")}</Table.Cell>
            <Table.Cell>{when(g.oldest_created_at, lang)}</Table.Cell>
            <Table.Cell className="text-right">
              <Button
                size="small"
                disabled={!!busy}
                isLoading={busy === g.group_id}
                onClick={() => void transmit(g)}
              >
                {t("transmit")}
              </Button>
            </Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  );
}

function ManifestHistory({ manifests }: { manifests: ManifestView[] }) {
  const { t, lang } = useI18n();
  if (manifests.length === 0) {
    return (
      <Text size="small" className="text-ui-fg-subtle px-6 py-4">
        {t("noManifest")}
      </Text>
    );
  }
  return (
    <Table>
      <Table.Header>
        <Table.Row>
          <Table.HeaderCell>{t("transmitted")}</Table.HeaderCell>
          <Table.HeaderCell>{t("poNumber")}</Table.HeaderCell>
          <Table.HeaderCell>{t("groups")}</Table.HeaderCell>
          <Table.HeaderCell>{t("shipments")}</Table.HeaderCell>
          <Table.HeaderCell>{t("manifest")}</Table.HeaderCell>
        </Table.Row>
      </Table.Header>
      <Table.Body>
        {manifests.map((m) => (
          <Table.Row key={m.id} data-testid="canada-post-manifest">
            <Table.Cell>{when(m.created_at, lang)}</Table.Cell>
            <Table.Cell>{m.po_number ?? m.manifest_id}</Table.Cell>
            <Table.Cell>{m.group_ids.join(", ")}</Table.Cell>
            <Table.Cell>{m.shipment_count}</Table.Cell>
            <Table.Cell>
              {m.pdf_url ? (
                <a href={m.pdf_url} target="_blank" rel="noreferrer" className="text-ui-fg-interactive">
                  {t("openPdf")}
                </a>
              ) : (
                <span className="text-ui-fg-error">{m.problem ?? t("noPdf")}</span>
              )}
            </Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  );
}

const CanadaPostManifestsPage = () => {
  const [answer, setAnswer] = useState<ManifestsAnswer | undefined>();
  const [error, setError] = useState<string | undefined>();
  const { t } = useI18n();

  const load = useCallback(() => {
    adminApi<ManifestsAnswer>("/admin/canada-post/manifests")
      .then((r) => {
        setAnswer(r);
        setError(undefined);
      })
      .catch((e: Error) => setError(e.message));
  }, []);
  useEffect(load, [load]);

  return (
    <div className="flex flex-col gap-y-3">
      <Container className="divide-y p-0">
        <div className="flex items-center justify-between px-6 py-4">
          <Heading level="h1">{t("manifestsTitle")}</Heading>
          {answer && <Badge size="2xsmall">{t("mode", { mode: answer.mode })}</Badge>}
        </div>
        {error && (
          <Text size="small" className="text-ui-fg-error px-6 py-4">
            {error}
          </Text>
        )}
        {answer && (
          <Text size="small" className="text-ui-fg-subtle px-6 py-4">
            {answer.note}
          </Text>
        )}
      </Container>
      {/* Groups left from an earlier manifest mode still wait, whatever the mode is now. */}
      {answer && (answer.mode === "manifest" || answer.waiting.length > 0) && (
        <Container className="divide-y p-0">
          <div className="px-6 py-4">
            <Heading level="h2">{t("waitingForTransmit")}</Heading>
          </div>
          <WaitingGroups groups={answer.waiting} onTransmitted={load} />
        </Container>
      )}
      {answer && (answer.mode === "manifest" || answer.manifests.length > 0) && (
        <Container className="divide-y p-0">
          <div className="px-6 py-4">
            <Heading level="h2">{t("manifests")}</Heading>
          </div>
          <ManifestHistory manifests={answer.manifests} />
        </Container>
      )}
    </div>
  );
};

export const config = defineRouteConfig({
  // The sidebar label is read once, when the admin loads: in the language in force then.
  label: translate(adminLanguage(), "manifestsTitle"),
  icon: DocumentText,
});

export default CanadaPostManifestsPage;
