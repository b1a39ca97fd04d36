import { defineRouteConfig } from "@medusajs/admin-sdk";
import { TruckFast } from "@medusajs/icons";
import { Badge, Button, Container, Heading, Text } from "@medusajs/ui";
import { useEffect, useState } from "react";
import { adminApi, AdminApiError } from "../../lib/api";
import { adminLanguage, translate, useI18n, type MessageKey } from "../../lib/i18n";

/** The Canada Post configuration in force (secrets masked) and a connection test against Canada Post. */

interface Settings {
  backend: { kind: string; base_url: string };
  credentials: {
    username: string | null;
    password_set: boolean;
    customer_number: string | null;
    contract_id: string | null;
    env: string;
  };
  language: string;
  rates: string;
  origin: { postalCode: string; sender?: { company: string; city: string; province: string } };
  services: { code: string; name?: string; enabled: boolean }[];
  pricing: {
    markup: { percent: number; flat: number };
    handlingFee: number;
    freeShippingOver: Record<string, number>;
    rounding: string;
  };
  quotes: {
    deadline_ms: number;
    cache_seconds: number;
    fallback_rates: Record<string, { amount: number; name: string }>;
  };
  labels: { encoding: string; outputFormat: string };
  shipments: { mode: string; group_id_template: string; time_zone: string };
  tracking: { calls_per_minute: number; schedule: string };
}

interface TestResult {
  elapsed_ms: number;
  services: { service_code: string; service_name: string }[];
  enabled_not_offered: string[];
  service: { service_code: string; service_name: string };
}

const BACKEND_COLOR: Record<string, "green" | "orange" | "blue" | "grey"> = {
  production: "green",
  sandbox: "orange",
  custom: "blue",
  simulator: "grey",
};

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[220px_1fr] gap-4 px-6 py-3">
      <Text size="small" weight="plus">
        {label}
      </Text>
      <Text size="small">{children}</Text>
    </div>
  );
}

const none = (v: Record<string, unknown>) => Object.keys(v).length === 0;

function ConnectionTest() {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TestResult>();
  const [error, setError] = useState<{ message: string; code?: string }>();

  const run = async () => {
    setBusy(true);
    setResult(undefined);
    setError(undefined);
    try {
      setResult(
        await adminApi<TestResult>("/admin/canada-post/settings/test-connection", {
          method: "POST",
          body: "{}",
        }),
      );
    } catch (e) {
      setError(e instanceof AdminApiError ? { message: e.message, code: e.code } : { message: String(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Container className="flex flex-col gap-3 px-6 py-4">
      <div className="flex items-center justify-between">
        <Heading level="h2">{t("connection")}</Heading>
        <Button size="small" variant="secondary" isLoading={busy} onClick={run}>
          {t("testConnection")}
        </Button>
      </div>
      {result && (
        <Text size="small">
          {t("connected", {
            ms: result.elapsed_ms,
            count: result.services.length,
            codes: result.services.map((s) => s.service_code).join(", "),
            name: result.service.service_name,
            code: result.service.service_code,
          })}
          {result.enabled_not_offered.length > 0 &&
            t("enabledNotOffered", { codes: result.enabled_not_offered.join(", ") })}
        </Text>
      )}
      {error && (
        <Text size="small" className="text-ui-fg-error">
          {error.code ? t("canadaPostErrorPrefix", { code: error.code }) : ""}
          {error.message}
        </Text>
      )}
    </Container>
  );
}

interface ConnectionInfo {
  state: "not_connected" | "connected_no_payment" | "connected" | "connected_contract";
  message: { en: string; fr: string };
  source: "connection" | "environment" | "simulator";
  account: {
    customer_number: string;
    contract_id: string | null;
    has_credit_card: boolean;
    has_supplier_account: boolean;
    connected_at: string;
  } | null;
  can_connect: boolean;
  why_not: string | null;
}

const STATE_COLOR: Record<ConnectionInfo["state"], "green" | "orange" | "red" | "grey"> = {
  not_connected: "grey",
  connected_no_payment: "red",
  connected: "green",
  connected_contract: "green",
};

/** Canada Post's outage notices (Get Service Info), when there are any. */
function ServiceNotices() {
  const { t } = useI18n();
  const [notices, setNotices] = useState<{ text: string; from: string; to: string }[]>([]);
  useEffect(() => {
    adminApi<{ notices: { text: string; from: string; to: string }[] }>("/admin/canada-post/service-notices")
      .then((r) => setNotices(r.notices))
      .catch(() => setNotices([]));
  }, []);
  if (!notices.length) return null;
  return (
    <Container className="px-6 py-4" data-testid="canada-post-service-notice">
      {notices.map((n, i) => (
        <Text key={i} size="small" className="text-ui-fg-error">
          <strong>{t("serviceNotice")}:</strong> {n.text} ({new Date(n.from).toLocaleString()} –{" "}
          {new Date(n.to).toLocaleString()})
        </Text>
      ))}
    </Container>
  );
}

/** Connect with Canada Post (and Disconnect), the account connected, and which credentials are in force. */
function Connection() {
  const { t, lang } = useI18n();
  const [info, setInfo] = useState<ConnectionInfo>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const params = new URLSearchParams(globalThis.location?.search ?? "");
  const refusal = params.get("connection_error");
  const justConnected = params.get("connected") === "1";

  useEffect(() => {
    adminApi<{ connection: ConnectionInfo }>("/admin/canada-post/connection")
      .then((r) => setInfo(r.connection))
      .catch((e: Error) => setError(e.message));
  }, []);

  const connect = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const { redirect_url } = await adminApi<{ redirect_url: string }>(
        "/admin/canada-post/connection/start",
        {
          method: "POST",
          body: "{}",
        },
      );
      globalThis.location.assign(redirect_url);
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };
  const disconnect = async () => {
    setBusy(true);
    try {
      setInfo(
        (
          await adminApi<{ connection: ConnectionInfo }>("/admin/canada-post/connection", {
            method: "DELETE",
          })
        ).connection,
      );
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const a = info?.account;
  const payment = a
    ? a.has_credit_card
      ? t("paymentCard")
      : a.has_supplier_account
        ? t("paymentSupplier")
        : t("paymentNone")
    : "";
  return (
    <Container className="flex flex-col gap-3 px-6 py-4" data-testid="canada-post-connection">
      <div className="flex items-center justify-between">
        <Heading level="h2">{t("account")}</Heading>
        {info && (
          <div className="flex gap-2">
            {info.account && (
              <Button size="small" variant="secondary" isLoading={busy} onClick={disconnect}>
                {t("disconnect")}
              </Button>
            )}
            {info.can_connect && (
              <Button size="small" variant="primary" isLoading={busy} onClick={connect}>
                {info.account ? t("reconnect") : t("connectWithCanadaPost")}
              </Button>
            )}
          </div>
        )}
      </div>
      {justConnected && <Text size="small">{t("connectedNow")}</Text>}
      {refusal && (
        <Text size="small" className="text-ui-fg-error" role="alert">
          {t(`refusal_${refusal}` as MessageKey)}
        </Text>
      )}
      {info && (
        <>
          <div className="flex items-center gap-2">
            <Badge color={STATE_COLOR[info.state]} data-testid="canada-post-connection-state">
              {info.state}
            </Badge>
            <Text size="small">{info.message[lang]}</Text>
          </div>
          {a && (
            <Text size="small" data-testid="canada-post-connected-account">
              {t("connectedAccount", {
                customer: a.customer_number,
                contract: a.contract_id ? t("contractNumber", { contract: a.contract_id }) : t("noContract"),
                payment,
              })}
            </Text>
          )}
          <Text size="small">
            {t("credentialsInForce")}: {t(`source_${info.source}` as MessageKey)}
          </Text>
          {!info.account && <Text size="small">{info.can_connect ? t("connectHelp") : info.why_not}</Text>}
        </>
      )}
      {error && (
        <Text size="small" className="text-ui-fg-error">
          {error}
        </Text>
      )}
    </Container>
  );
}

const CanadaPostSettingsPage = () => {
  const [settings, setSettings] = useState<Settings>();
  const [error, setError] = useState<string>();
  const { t, money } = useI18n();

  useEffect(() => {
    adminApi<{ settings: Settings }>("/admin/canada-post/settings")
      .then((r) => setSettings(r.settings))
      .catch((e: Error) => setError(e.message));
  }, []);

  if (error)
    return (
      <Container className="px-6 py-4">
        <Text className="text-ui-fg-error">{error}</Text>
      </Container>
    );
  if (!settings)
    return (
      <Container className="px-6 py-4">
        <Text>{t("loading")}</Text>
      </Container>
    );

  const s = settings;
  const sender = s.origin.sender;
  return (
    <div className="flex flex-col gap-3">
      <ServiceNotices />
      <Connection />
      <Container className="divide-y p-0">
        <div className="flex items-center justify-between px-6 py-4">
          <Heading level="h1">{t("canadaPost")}</Heading>
          <Badge color={BACKEND_COLOR[s.backend.kind] ?? "grey"}>{s.backend.kind}</Badge>
        </div>
        <Row label={t("callsGoTo")}>{s.backend.base_url}</Row>
        <Row label={t("apiKey")}>
          {s.credentials.username
            ? `${s.credentials.username}${s.credentials.password_set ? t("passwordSet") : ""}`
            : t("noApiKey")}
        </Row>
        <Row label={t("customerContract")}>
          {s.credentials.customer_number ?? "—"} / {s.credentials.contract_id ?? "—"}
        </Row>
        <Row label={t("rates")}>{s.rates}</Row>
        <Row label={t("origin")}>
          {s.origin.postalCode}
          {sender ? ` — ${sender.company}, ${sender.city} ${sender.province}` : ""}
        </Row>
        <Row label={t("servicesOffered")}>
          {s.services
            .filter((x) => x.enabled)
            .map((x) => (x.name ? `${x.name} (${x.code})` : x.code))
            .join(", ")}
        </Row>
        <Row label={t("pricing")}>
          {t("pricingValue", {
            percent: s.pricing.markup.percent,
            flat: money(s.pricing.markup.flat),
            handling: money(s.pricing.handlingFee),
            rounding: s.pricing.rounding,
          })}
          {none(s.pricing.freeShippingOver)
            ? ""
            : t("freeOver", {
                list: Object.entries(s.pricing.freeShippingOver)
                  .map(([code, amount]) => `${money(amount)} (${code})`)
                  .join(", "),
              })}
        </Row>
        <Row label={t("quoteDeadline")}>
          {t("quoteDeadlineValue", { ms: s.quotes.deadline_ms, s: s.quotes.cache_seconds })}
        </Row>
        <Row label={t("fallbackRates")}>
          {none(s.quotes.fallback_rates)
            ? t("noFallbackRates")
            : Object.entries(s.quotes.fallback_rates)
                .map(([code, r]) => `${r.name} (${code}) ${money(r.amount)}`)
                .join(", ")}
        </Row>
        <Row label={t("labels")}>
          {s.labels.encoding}, {s.labels.outputFormat}
        </Row>
        <Row label={t("shipmentMode")}>
          {s.shipments.mode}
          {s.shipments.mode === "manifest"
            ? t("shipmentModeGroups", {
                template: s.shipments.group_id_template,
                zone: s.shipments.time_zone,
              })
            : ""}
        </Row>
        <Row label={t("trackingRefresh")}>
          {t("trackingRefreshValue", { schedule: s.tracking.schedule, calls: s.tracking.calls_per_minute })}
        </Row>
      </Container>
      <ConnectionTest />
    </div>
  );
};

export const config = defineRouteConfig({
  // The sidebar label is read once, when the admin loads: in the language in force then.
  label: translate(adminLanguage(), "canadaPost"),
  icon: TruckFast,
});

export default CanadaPostSettingsPage;
