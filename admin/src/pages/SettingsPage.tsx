/**
 * Settings: Connect with Canada Post, or an API key typed in (masked; the password never comes back), and
 * the shop's settings in sections, saved together. The server checks them all at once as checkout will read
 * them: nothing is saved unless all are valid, and each problem is shown under its field. Only the sections
 * the merchant changed are sent, so defaults the app may improve later are not frozen into the shop's row.
 */
import { Banner, BlockStack, Layout, Page, Text } from "@shopify/polaris";
import { useCallback, useEffect, useMemo, useState } from "react";
import { ApiError } from "../api";
import { ErrorBanner } from "../components/ErrorBanner";
import { describeError } from "../errors";
import { useI18n } from "../i18n";
import { useServices } from "../services";
import { ApiKeyCard, type CredentialsView } from "../settings/ApiKeyCard";
import { ConnectionCard } from "../settings/ConnectionCard";
import { FormProvider, setAt, type Draft } from "../settings/form";
import { RatePreviewCard } from "../settings/RatePreviewCard";
import { ServiceNotices } from "../settings/ServiceNotices";
import {
  FallbackSection,
  LabelsSection,
  OriginSection,
  PackingSection,
  PricingSection,
  ServicesSection,
} from "../settings/sections";

interface SettingsAnswer {
  credentials: CredentialsView;
  app: Draft;
  merchant: Draft;
  stored: Draft;
}

const SECTIONS = [
  "origin",
  "services",
  "pricing",
  "packing",
  "quotes",
  "labels",
  "shipments",
  "rates",
  "canadaPost",
];

function draftOf(s: SettingsAnswer): Draft {
  const { canadaPost: _none, ...merchant } = s.merchant;
  const cp = (s.stored.canadaPost ?? {}) as Draft;
  return {
    merchant: {
      ...merchant,
      canadaPost: {
        ...(cp.customerNumber ? { customerNumber: cp.customerNumber } : {}),
        ...(cp.contractId ? { contractId: cp.contractId } : {}),
        env: cp.env ?? "sandbox",
      },
    },
    app: { ...s.app },
    credentials: { username: "", password: "" },
  };
}

/** What to send: the sections changed, the app's settings if changed, the key if typed (or null to remove it). */
export function changeOf(original: Draft, draft: Draft): Draft {
  const change: Draft = {};
  const merchant: Draft = {};
  for (const k of SECTIONS)
    if (JSON.stringify(draft.merchant[k]) !== JSON.stringify(original.merchant[k]))
      merchant[k] = draft.merchant[k];
  if (Object.keys(merchant).length) change.merchant = merchant;
  if (JSON.stringify(draft.app) !== JSON.stringify(original.app)) change.app = draft.app;
  if (draft.removeCredentials) change.credentials = null;
  else if (draft.credentials.username || draft.credentials.password)
    change.credentials = { ...draft.credentials };
  return change;
}

/** The shop's time zone, in which notices' hours are shown (Canada Post's Eastern time until settings load). */
const shopTimeZone = (s: SettingsAnswer | undefined) =>
  (s?.merchant.shipments?.timeZone as string | undefined) ?? "America/Toronto";

export function SettingsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { api, toast, reloadShop } = useServices();
  const [answer, setAnswer] = useState<SettingsAnswer>();
  const [draft, setDraft] = useState<Draft>();
  const [error, setError] = useState<unknown>();
  const [issues, setIssues] = useState<{ path: string; message: string }[]>([]);
  const [saving, setSaving] = useState(false);

  const load = useCallback(() => {
    api
      .json<SettingsAnswer>("/api/settings")
      .then((s) => {
        setAnswer(s);
        setDraft(draftOf(s));
      })
      .catch(setError);
  }, [api]);
  useEffect(load, [load]);

  const original = useMemo(() => (answer ? draftOf(answer) : undefined), [answer]);
  const byPath = useMemo(() => new Map(issues.map((i) => [`merchant.${i.path}`, i.message])), [issues]);
  const dirty = Boolean(original && draft && Object.keys(changeOf(original, draft)).length);

  const save = async () => {
    if (!original || !draft) return;
    setSaving(true);
    setError(undefined);
    setIssues([]);
    try {
      await api.json("/api/settings", { method: "PUT", body: changeOf(original, draft) });
      toast(t("saved"));
      load();
      reloadShop();
    } catch (e) {
      // Each problem in the admin's language (the server says each in English and in French).
      if (e instanceof ApiError && e.type === "invalid_settings")
        setIssues(describeError(e, i18n).issues ?? []);
      else setError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Page
      title={t("settingsTitle")}
      primaryAction={{ content: t("save"), loading: saving, disabled: !dirty, onAction: () => void save() }}
    >
      <BlockStack gap="400">
        <ErrorBanner error={error} onDismiss={() => setError(undefined)} />
        {issues.length > 0 && (
          <div data-testid="settings-invalid">
            <Banner tone="critical" title={t("settingsInvalid")}>
              <ul>
                {issues.map((i) => (
                  <li key={i.path}>
                    <Text as="span" fontWeight="semibold">
                      {i.path}
                    </Text>
                    : {i.message}
                  </li>
                ))}
              </ul>
            </Banner>
          </div>
        )}
        <ServiceNotices timeZone={shopTimeZone(answer)} />
        <ConnectionCard onChange={load} />
        {answer && draft && (
          <FormProvider
            draft={draft}
            set={(path, value) => setDraft((d) => setAt(d ?? {}, path, value))}
            error={(path) => byPath.get(path)}
          >
            <Layout>
              <Layout.Section>
                <BlockStack gap="400">
                  <ApiKeyCard credentials={answer.credentials} />
                  <OriginSection />
                  <ServicesSection />
                  <PricingSection />
                  <PackingSection />
                  <FallbackSection />
                  <LabelsSection />
                  <RatePreviewCard />
                </BlockStack>
              </Layout.Section>
            </Layout>
          </FormProvider>
        )}
      </BlockStack>
    </Page>
  );
}
