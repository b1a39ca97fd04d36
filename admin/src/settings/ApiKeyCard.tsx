/**
 * The Canada Post API key typed in by hand (for a merchant who has one and does not connect): shown masked,
 * the password never shown, saved sealed by the server; the customer number, contract and whether prices
 * are contract, commercial or counter; and a connection test that shows Canada Post's own refusal.
 */
import { BlockStack, Button, FormLayout, InlineStack, Text } from "@shopify/polaris";
import { useState } from "react";
import { ErrorBanner } from "../components/ErrorBanner";
import { useI18n } from "../i18n";
import { useServices } from "../services";
import { SelectAt, TextAt, useForm } from "./form";
import { Section } from "./sections";

export interface CredentialsView {
  source: "shop" | "app default";
  username: string | null;
  password_set: boolean;
  customer_number: string | null;
  contract_id: string | null;
  env: string;
}

interface Report {
  report: {
    elapsedMs: number;
    services: { serviceCode: string }[];
    enabledNotOffered: string[];
  };
}

export function ApiKeyCard(props: { credentials: CredentialsView }) {
  const { t } = useI18n();
  const { api } = useServices();
  const { set, draft } = useForm();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Report["report"]>();
  const [error, setError] = useState<unknown>();
  const c = props.credentials;

  const test = async () => {
    setBusy(true);
    setResult(undefined);
    setError(undefined);
    try {
      setResult(
        (await api.json<Report>("/api/settings/test-connection", { method: "POST", body: {} })).report,
      );
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title={t("apiKeyTitle")} testId="settings-api-key">
      <FormLayout>
        <FormLayout.Group>
          <TextAt
            path="credentials.username"
            label={t("username")}
            placeholder={c.source === "shop" ? (c.username ?? "") : ""}
          />
          <TextAt
            path="credentials.password"
            label={t("password")}
            type="password"
            placeholder={c.source === "shop" && c.password_set ? t("passwordKept") : ""}
          />
        </FormLayout.Group>
        <FormLayout.Group>
          <TextAt path="merchant.canadaPost.customerNumber" label={t("customerNumber")} optional />
          <TextAt path="merchant.canadaPost.contractId" label={t("contractId")} optional />
          <SelectAt
            path="merchant.canadaPost.env"
            label={t("environment")}
            options={[
              { label: t("env_sandbox"), value: "sandbox" },
              { label: t("env_production"), value: "production" },
            ]}
          />
        </FormLayout.Group>
        <SelectAt
          path="merchant.rates"
          label={t("ratesKind")}
          options={(["contract", "commercial", "counter"] as const).map((r) => ({
            label: t(`rates_${r}`),
            value: r,
          }))}
        />
      </FormLayout>
      <InlineStack gap="200">
        {c.source === "shop" && (
          <Button
            tone="critical"
            variant="tertiary"
            pressed={Boolean(draft.removeCredentials)}
            onClick={() => set("removeCredentials", !draft.removeCredentials)}
          >
            {t("removeKey")}
          </Button>
        )}
        <Button loading={busy} onClick={() => void test()}>
          {t("testConnection")}
        </Button>
      </InlineStack>
      <BlockStack gap="200">
        {result && (
          <div data-testid="connection-test-ok">
            <Text as="p" tone="success">
              {t("connectionOk", {
                ms: result.elapsedMs,
                count: result.services.length,
                codes: result.services.map((s) => s.serviceCode).join(", "),
              })}
              {result.enabledNotOffered.length > 0 &&
                t("notOffered", { codes: result.enabledNotOffered.join(", ") })}
            </Text>
          </div>
        )}
        <ErrorBanner error={error} />
      </BlockStack>
    </Section>
  );
}
