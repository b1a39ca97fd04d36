/**
 * Orders to ship: Shopify's unfulfilled orders with the service the customer chose at checkout and what
 * checkout charged, against Canada Post's price for the same parcels now (asked per order as the list
 * shows). One click buys an order's label(s) and fulfills it in Shopify; selected orders are labelled one
 * after the other with a progress bar, and the ones Canada Post refused are listed with its code and text.
 */
import {
  Badge,
  BlockStack,
  Button,
  Card,
  IndexTable,
  InlineStack,
  Page,
  ProgressBar,
  Tabs,
  Text,
  TextField,
  useIndexResourceState,
} from "@shopify/polaris";
import { useCallback, useEffect, useMemo, useState } from "react";
import { ErrorBanner } from "../components/ErrorBanner";
import { describeError } from "../errors";
import { useI18n } from "../i18n";
import { useRoute } from "../router";
import { useServices } from "../services";
import { createLabels, type LabelOutcome } from "./create-labels";

export interface OrderRow {
  id: string;
  name: string;
  created_at: string;
  service_code: string | null;
  service_name: string | null;
  checkout_amount_cents: number | null;
  currency: string;
  destination: {
    city: string | null;
    provinceCode: string | null;
    zip: string | null;
    countryCodeV2: string | null;
  } | null;
  live_labels: number;
}

interface Comparison {
  current_cents: number | null;
  difference_cents: number | null;
  reason?: string | null;
}

export function OrdersPage() {
  const i18n = useI18n();
  const { t, money, date } = i18n;
  const { api, toast, shop } = useServices();
  const { navigate } = useRoute();
  const [orders, setOrders] = useState<OrderRow[]>();
  const [error, setError] = useState<unknown>();
  const [tab, setTab] = useState(0);
  const [search, setSearch] = useState("");
  const [comparisons, setComparisons] = useState<Record<string, Comparison | "error">>({});
  const [progress, setProgress] = useState<{ done: number; total: number }>();
  const [failures, setFailures] = useState<LabelOutcome[]>([]);
  const [busy, setBusy] = useState<string>();

  const load = useCallback(() => {
    setError(undefined);
    api
      .json<{ orders: OrderRow[] }>("/api/orders")
      .then((r) => setOrders(r.orders))
      .catch(setError);
  }, [api]);
  useEffect(load, [load]);

  const shown = useMemo(() => {
    const q = search.trim().toLowerCase();
    return (orders ?? [])
      .filter((o) => tab === 1 || o.service_code)
      .filter(
        (o) =>
          !q || o.name.toLowerCase().includes(q) || (o.destination?.city ?? "").toLowerCase().includes(q),
      );
  }, [orders, tab, search]);

  // Canada Post's price now, two orders at a time, for the orders shown.
  useEffect(() => {
    let stop = false;
    const todo = shown.filter((o) => o.service_code && !(o.id in comparisons));
    const next = async () => {
      const o = todo.shift();
      if (!o || stop) return;
      try {
        const r = await api.json<{ comparison: Comparison | null }>(
          `/api/orders/${encodeURIComponent(o.id)}`,
        );
        if (!stop)
          setComparisons((c) => ({
            ...c,
            [o.id]: r.comparison ?? { current_cents: null, difference_cents: null },
          }));
      } catch {
        if (!stop) setComparisons((c) => ({ ...c, [o.id]: "error" }));
      }
      await next();
    };
    void Promise.all([next(), next()]);
    return () => {
      stop = true;
    };
  }, [shown, api]); // the orders shown decide; comparisons already asked are skipped

  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } =
    useIndexResourceState(shown as unknown as { [key: string]: unknown }[]);

  const run = async (ids: string[]) => {
    const chosen = shown.filter((o) => ids.includes(o.id));
    setFailures([]);
    setProgress({ done: 0, total: chosen.length });
    const outcomes = await createLabels(api, chosen, (done) => setProgress({ done, total: chosen.length }));
    const failed = outcomes.filter((o) => o.error);
    const made = outcomes.filter((o) => !o.error);
    setFailures(failed);
    setProgress(undefined);
    if (made.length === 1 && chosen.length === 1)
      toast(t("labelCreatedFor", { order: made[0]!.order.name, pin: made[0]!.pins.join(", ") }));
    else if (made.length) toast(t("labelsCreated", { count: made.reduce((n, o) => n + o.pins.length, 0) }));
    if (failed.length) toast(t("someFailed", { failed: failed.length, total: chosen.length }), true);
    clearSelection();
    load();
  };

  const one = async (o: OrderRow) => {
    setBusy(o.id);
    try {
      await run([o.id]);
    } finally {
      setBusy(undefined);
    }
  };

  const destination = (o: OrderRow) =>
    [o.destination?.city, o.destination?.provinceCode, o.destination?.countryCodeV2]
      .filter(Boolean)
      .join(", ") || t("none");

  const nowCell = (o: OrderRow) => {
    if (!o.service_code) return t("none");
    const c = comparisons[o.id];
    if (!c) return t("comparing");
    if (c === "error" || c.current_cents === null) return t("none");
    const diff = c.difference_cents ?? 0;
    return (
      <BlockStack gap="050">
        <Text as="span">{money(c.current_cents, o.currency)}</Text>
        {diff !== 0 && (
          <Text as="span" tone={diff > 0 ? "critical" : "success"} variant="bodySm">
            {t(diff > 0 ? "differenceMore" : "differenceLess", { amount: money(Math.abs(diff), o.currency) })}
          </Text>
        )}
      </BlockStack>
    );
  };

  const rows = shown.map((o, index) => (
    <IndexTable.Row id={o.id} key={o.id} position={index} selected={selectedResources.includes(o.id)}>
      <IndexTable.Cell>
        <span data-testid="order-name">
          <Text as="span" fontWeight="semibold">
            {o.name}
          </Text>
        </span>
      </IndexTable.Cell>
      <IndexTable.Cell>{date(o.created_at, shop?.timeZone ?? "America/Toronto")}</IndexTable.Cell>
      <IndexTable.Cell>{destination(o)}</IndexTable.Cell>
      <IndexTable.Cell>
        {o.service_code ? (
          <span>
            {o.service_name} <Badge>{o.service_code}</Badge>
          </span>
        ) : (
          <Text as="span" tone="subdued">
            {t("noCanadaPostRate")}
          </Text>
        )}
      </IndexTable.Cell>
      <IndexTable.Cell>{money(o.checkout_amount_cents, o.currency)}</IndexTable.Cell>
      <IndexTable.Cell>{nowCell(o)}</IndexTable.Cell>
      <IndexTable.Cell>
        {o.live_labels > 0 ? (
          <Button variant="plain" onClick={() => navigate(`/shipments?order_id=${encodeURIComponent(o.id)}`)}>
            {t("labelled", { count: o.live_labels })}
          </Button>
        ) : (
          t("none")
        )}
      </IndexTable.Cell>
      <IndexTable.Cell>
        <div onClick={(e) => e.stopPropagation()} data-testid={`create-label-${o.name.replace("#", "")}`}>
          <Button
            size="slim"
            loading={busy === o.id}
            disabled={Boolean(progress)}
            onClick={() => void one(o)}
          >
            {t("createLabel")}
          </Button>
        </div>
      </IndexTable.Cell>
    </IndexTable.Row>
  ));

  const selected = allResourcesSelected ? shown.map((o) => o.id) : selectedResources;
  return (
    <Page title={t("ordersTitle")} subtitle={t("ordersSubtitle")} fullWidth>
      <BlockStack gap="400">
        <ErrorBanner error={error} />
        {progress && (
          <Card>
            <BlockStack gap="200">
              <div role="status" data-testid="label-progress">
                <Text as="p">{t("creatingLabels", progress)}</Text>
              </div>
              <ProgressBar progress={(progress.done / Math.max(1, progress.total)) * 100} tone="primary" />
            </BlockStack>
          </Card>
        )}
        {failures.length > 0 && (
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                {t("failuresTitle")}
              </Text>
              <ul data-testid="label-failures">
                {failures.map((f) => {
                  const d = describeError(f.error, i18n);
                  return (
                    <li key={f.order.id} data-code={d.code ?? ""}>
                      <Text as="span" fontWeight="semibold">
                        {f.order.name}
                      </Text>
                      : {d.text}
                    </li>
                  );
                })}
              </ul>
            </BlockStack>
          </Card>
        )}
        <Card padding="0">
          <Tabs
            tabs={[
              { id: "cp", content: t("filterCanadaPost") },
              { id: "all", content: t("filterAll") },
            ]}
            selected={tab}
            onSelect={setTab}
          />
          <div style={{ padding: "12px" }}>
            <InlineStack gap="200" align="space-between" blockAlign="center">
              <div style={{ flex: 1 }}>
                <TextField
                  label={t("searchOrders")}
                  labelHidden
                  placeholder={t("searchOrders")}
                  value={search}
                  onChange={setSearch}
                  autoComplete="off"
                  clearButton
                  onClearButtonClick={() => setSearch("")}
                />
              </div>
            </InlineStack>
          </div>
          <IndexTable
            resourceName={{ singular: t("colOrder"), plural: t("navOrders") }}
            itemCount={shown.length}
            loading={!orders && !error}
            selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
            onSelectionChange={handleSelectionChange}
            promotedBulkActions={[
              { content: t("createLabels", { count: selected.length }), onAction: () => void run(selected) },
            ]}
            emptyState={
              <Text as="p" alignment="center">
                {orders ? t("noOrders") : t("loading")}
              </Text>
            }
            headings={[
              { title: t("colOrder") },
              { title: t("colDate") },
              { title: t("colDestination") },
              { title: t("colService") },
              { title: t("colCharged") },
              { title: t("colNow") },
              { title: t("colLabels") },
              { title: t("colActions") },
            ]}
          >
            {rows}
          </IndexTable>
        </Card>
      </BlockStack>
    </Page>
  );
}
