/**
 * Connect with Canada Post, per shop, as the Medusa settings page has it: the state (not connected, connected
 * without a payment method, connected, connected under a contract), the account, which credentials are in
 * force, and Connect / Disconnect. Connect opens Canada Post's sign-in at the top of the browser (it cannot
 * be framed); the nonce the server handed this page waits in the browser's sessionStorage until Canada Post
 * sends the merchant back here, when the page completes the connection with its session token.
 */
import { Badge, BlockStack, Button, InlineStack, Text } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import { bridge } from "../api";
import { ErrorBanner } from "../components/ErrorBanner";
import { useI18n, type MessageKey } from "../i18n";
import { useRoute } from "../router";
import { useServices } from "../services";
import { Section } from "./sections";

export interface ConnectionView {
  state: "not_connected" | "connected_no_payment" | "connected" | "connected_contract";
  message: { en: string; fr: string };
  source: "connection" | "shop_key" | "simulator" | "app_default" | "none";
  account: {
    customer_number: string;
    contract_id: string | null;
    has_credit_card: boolean;
    has_supplier_account: boolean;
    username: string | null;
  } | null;
  can_connect: boolean;
  why_not: string | null;
}

const TONE: Record<ConnectionView["state"], "critical" | "success" | undefined> = {
  not_connected: undefined,
  connected_no_payment: "critical",
  connected: "success",
  connected_contract: "success",
};

export const NONCE_KEY = "canada-post-connect-nonce";

export function ConnectionCard(props: { onChange: () => void }) {
  const { t, lang } = useI18n();
  const { api, toast } = useServices();
  const { query } = useRoute();
  const [view, setView] = useState<ConnectionView>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [justConnected, setJustConnected] = useState(false);
  const returned = useRef(false);

  useEffect(() => {
    const state = query.get("state");
    const status = query.get("registration-status");
    if (state && status && !returned.current) {
      // Back from Canada Post: completed once, by this admin, with the nonce this browser kept.
      returned.current = true;
      const nonce = window.sessionStorage.getItem(NONCE_KEY) ?? undefined;
      window.sessionStorage.removeItem(NONCE_KEY);
      const clean = new URL(window.location.href);
      for (const k of ["state", "token-id", "registration-status"]) clean.searchParams.delete(k);
      window.history.replaceState(null, "", clean.toString());
      api
        .json<{ connection: ConnectionView }>("/api/connection/complete", {
          method: "POST",
          body: {
            state,
            "token-id": query.get("token-id") ?? undefined,
            "registration-status": status,
            nonce,
          },
        })
        .then((r) => {
          setView(r.connection);
          setJustConnected(true);
          toast(t("connectedNow"));
          props.onChange();
        })
        .catch((e) => {
          setError(e);
          void api.json<{ connection: ConnectionView }>("/api/connection").then((r) => setView(r.connection));
        });
      return;
    }
    if (!returned.current)
      api
        .json<{ connection: ConnectionView }>("/api/connection")
        .then((r) => setView(r.connection))
        .catch(setError);
  }, []); // once, when the page opens

  const connect = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await api.json<{ redirect_url: string; nonce: string }>("/api/connection/start", {
        method: "POST",
        body: { host: bridge()?.config.host },
      });
      window.sessionStorage.setItem(NONCE_KEY, r.nonce);
      // Canada Post's sign-in cannot be framed: App Bridge takes the whole browser there.
      window.open(r.redirect_url, "_top");
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  const disconnect = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setView(
        (await api.json<{ connection: ConnectionView }>("/api/connection", { method: "DELETE" })).connection,
      );
      setJustConnected(false);
      props.onChange();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const a = view?.account;
  const payment = a
    ? a.has_credit_card
      ? t("paymentCard")
      : a.has_supplier_account
        ? t("paymentSupplier")
        : t("paymentNone")
    : "";
  return (
    <Section title={t("sectionAccount")} testId="canada-post-connection">
      <ErrorBanner error={error} onDismiss={() => setError(undefined)} />
      {view && (
        <BlockStack gap="300">
          <InlineStack gap="200" blockAlign="center">
            <span data-testid="connection-state" data-state={view.state}>
              <Badge tone={TONE[view.state]}>{t(`state_${view.state}` as MessageKey)}</Badge>
            </span>
            <Text as="span">{view.message[lang]}</Text>
          </InlineStack>
          {justConnected && (
            <Text as="p" tone="success">
              {t("connectedNow")}
            </Text>
          )}
          {a && (
            <div data-testid="connected-account">
              <Text as="p">
                {t("connectedAccount", {
                  customer: a.customer_number,
                  contract: a.contract_id
                    ? t("contractNumber", { contract: a.contract_id })
                    : t("noContract"),
                  payment,
                  username: a.username ?? "…",
                })}
              </Text>
            </div>
          )}
          <Text as="p">
            {t("credentialsInForce")}: {t(`source_${view.source}` as MessageKey)}
          </Text>
          {!a && (
            <Text as="p" tone="subdued">
              {view.can_connect ? t("connectHelp") : view.why_not}
            </Text>
          )}
          <InlineStack gap="200">
            {view.can_connect && (
              <Button variant="primary" loading={busy} onClick={() => void connect()}>
                {a ? t("reconnect") : t("connectWithCanadaPost")}
              </Button>
            )}
            {a && (
              <Button loading={busy} onClick={() => void disconnect()}>
                {t("disconnect")}
              </Button>
            )}
          </InlineStack>
        </BlockStack>
      )}
    </Section>
  );
}
