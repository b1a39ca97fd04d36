import { defineRouteConfig } from "@medusajs/admin-sdk";
import { DocumentText } from "@medusajs/icons";
import { Badge, Button, Container, Heading, Table, Text, toast, usePrompt } from "@medusajs/ui";
import { useCallback, useEffect, useState } from "react";
import { adminApi, AdminApiError } from "../../lib/api";

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

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "");

function WaitingGroups({ groups, onTransmitted }: { groups: WaitingGroup[]; onTransmitted: () => void }) {
  const prompt = usePrompt();
  const [busy, setBusy] = useState<string | undefined>();

  const transmit = async (group: WaitingGroup) => {
    const ok = await prompt({
      title: `Transmit group ${group.group_id}?`,
      description: `Canada Post closes this group and makes its manifest: its ${group.shipment_count} label(s) can then only be refunded, not voided.`,
      confirmText: "Transmit",
      cancelText: "Not yet",
    });
    if (!ok) return;
    setBusy(group.group_id);
    try {
      const r = await adminApi<{ manifests: ManifestView[] }>("/admin/canada-post/manifests", {
        method: "POST",
        body: JSON.stringify({ group_ids: [group.group_id] }),
      });
      toast.success(`Group ${group.group_id} transmitted: ${r.manifests.length} manifest(s)`);
      onTransmitted();
    } catch (e) {
      const err = e as AdminApiError;
      toast.error(err.code ? `Canada Post ${err.code}: ${err.message}` : err.message);
    } finally {
      setBusy(undefined);
    }
  };

  if (groups.length === 0) {
    return (
      <Text size="small" className="text-ui-fg-subtle px-6 py-4">
        No label waits for transmit.
      </Text>
    );
  }
  return (
    <Table>
      <Table.Header>
        <Table.Row>
          <Table.HeaderCell>Group</Table.HeaderCell>
          <Table.HeaderCell>Shipments</Table.HeaderCell>
          <Table.HeaderCell>Orders</Table.HeaderCell>
          <Table.HeaderCell>Services</Table.HeaderCell>
          <Table.HeaderCell>Oldest label</Table.HeaderCell>
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
            <Table.Cell>{when(g.oldest_created_at)}</Table.Cell>
            <Table.Cell className="text-right">
              <Button
                size="small"
                disabled={!!busy}
                isLoading={busy === g.group_id}
                onClick={() => void transmit(g)}
              >
                Transmit
              </Button>
            </Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  );
}

function ManifestHistory({ manifests }: { manifests: ManifestView[] }) {
  if (manifests.length === 0) {
    return (
      <Text size="small" className="text-ui-fg-subtle px-6 py-4">
        No manifest yet.
      </Text>
    );
  }
  return (
    <Table>
      <Table.Header>
        <Table.Row>
          <Table.HeaderCell>Transmitted</Table.HeaderCell>
          <Table.HeaderCell>PO number</Table.HeaderCell>
          <Table.HeaderCell>Groups</Table.HeaderCell>
          <Table.HeaderCell>Shipments</Table.HeaderCell>
          <Table.HeaderCell>Manifest</Table.HeaderCell>
        </Table.Row>
      </Table.Header>
      <Table.Body>
        {manifests.map((m) => (
          <Table.Row key={m.id} data-testid="canada-post-manifest">
            <Table.Cell>{when(m.created_at)}</Table.Cell>
            <Table.Cell>{m.po_number ?? m.manifest_id}</Table.Cell>
            <Table.Cell>{m.group_ids.join(", ")}</Table.Cell>
            <Table.Cell>{m.shipment_count}</Table.Cell>
            <Table.Cell>
              {m.pdf_url ? (
                <a href={m.pdf_url} target="_blank" rel="noreferrer" className="text-ui-fg-interactive">
                  Open PDF
                </a>
              ) : (
                <span className="text-ui-fg-error">{m.problem ?? "No PDF kept"}</span>
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
          <Heading level="h1">Canada Post manifests</Heading>
          {answer && <Badge size="2xsmall">mode: {answer.mode}</Badge>}
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
            <Heading level="h2">Waiting for transmit</Heading>
          </div>
          <WaitingGroups groups={answer.waiting} onTransmitted={load} />
        </Container>
      )}
      {answer && (answer.mode === "manifest" || answer.manifests.length > 0) && (
        <Container className="divide-y p-0">
          <div className="px-6 py-4">
            <Heading level="h2">Manifests</Heading>
          </div>
          <ManifestHistory manifests={answer.manifests} />
        </Container>
      )}
    </div>
  );
};

export const config = defineRouteConfig({ label: "Canada Post manifests", icon: DocumentText });

export default CanadaPostManifestsPage;
