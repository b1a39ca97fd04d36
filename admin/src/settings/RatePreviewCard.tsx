/**
 * The rate preview: an address and a cart of the shop's products → the rates checkout would show for them
 * now, by the same computation as the carrier callback (the saved settings, packing, Canada Post or the
 * fallback), with the parcels packed and where the prices came from; or why there is no Canada Post rate.
 */
import {
  BlockStack,
  Button,
  DataTable,
  FormLayout,
  InlineStack,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { ErrorBanner } from "../components/ErrorBanner";
import { useI18n } from "../i18n";
import { useServices } from "../services";
import { Section } from "./sections";

interface Variant {
  variant_id: number;
  product_id: number;
  title: string;
  sku: string | null;
  grams: number;
  price_cents: number;
}

interface Preview {
  rates: {
    service_name: string;
    service_code: string;
    total_price: string;
    currency: string;
    description: string;
    min_delivery_date?: string;
    max_delivery_date?: string;
  }[];
  source: string;
  reason: string | null;
  problem: { message?: string } | null;
  parcels: unknown[];
}

export function RatePreviewCard() {
  const { t, money } = useI18n();
  const { api } = useServices();
  const [variants, setVariants] = useState<Variant[]>([]);
  const [picked, setPicked] = useState("");
  const [quantity, setQuantity] = useState("1");
  const [cart, setCart] = useState<{ variant: Variant; quantity: number }[]>([]);
  const [address, setAddress] = useState({ country: "CA", postal_code: "H2B 1A0", province: "QC" });
  const [preview, setPreview] = useState<Preview>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api
      .json<{ variants: Variant[] }>("/api/products")
      .then((r) => {
        setVariants(r.variants);
        setPicked(String(r.variants[0]?.variant_id ?? ""));
      })
      .catch(setError);
  }, [api]);

  const add = () => {
    const v = variants.find((x) => String(x.variant_id) === picked);
    const n = Math.max(1, Math.floor(Number(quantity) || 1));
    if (v)
      setCart((c) => [
        ...c.filter((l) => l.variant.variant_id !== v.variant_id),
        { variant: v, quantity: n },
      ]);
  };

  const run = async () => {
    setBusy(true);
    setError(undefined);
    setPreview(undefined);
    try {
      const rate = {
        destination: { ...address, postal_code: address.postal_code.trim() },
        currency: "CAD",
        items: cart.map(({ variant: v, quantity: n }) => ({
          name: v.title,
          sku: v.sku,
          quantity: n,
          grams: v.grams,
          price: v.price_cents,
          requires_shipping: true,
          variant_id: v.variant_id,
          product_id: v.product_id,
        })),
      };
      setPreview(await api.json<Preview>("/api/rates/preview", { method: "POST", body: { rate } }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title={t("sectionPreview")} testId="rate-preview">
      <Text as="p" tone="subdued">
        {t("previewHelp")}
      </Text>
      <FormLayout>
        <FormLayout.Group>
          <Select
            label={t("previewCountry")}
            options={["CA", "US", "GB", "FR", "JP", "AU"].map((c) => ({ label: c, value: c }))}
            value={address.country}
            onChange={(country) => setAddress((a) => ({ ...a, country }))}
          />
          <TextField
            label={t("previewPostalCode")}
            value={address.postal_code}
            onChange={(postal_code) => setAddress((a) => ({ ...a, postal_code }))}
            autoComplete="off"
          />
          <TextField
            label={t("previewProvince")}
            value={address.province}
            onChange={(province) => setAddress((a) => ({ ...a, province }))}
            autoComplete="off"
          />
        </FormLayout.Group>
        <FormLayout.Group condensed>
          <Select
            label={t("colOrder")}
            labelHidden
            options={variants.map((v) => ({
              label: v.sku ? `${v.title} (${v.sku})` : v.title,
              value: String(v.variant_id),
            }))}
            value={picked}
            onChange={setPicked}
          />
          <TextField
            label={t("previewQuantity")}
            labelHidden
            type="number"
            value={quantity}
            onChange={setQuantity}
            autoComplete="off"
          />
          <Button onClick={add} disabled={!variants.length}>
            {t("previewAddItem")}
          </Button>
        </FormLayout.Group>
      </FormLayout>
      {cart.length > 0 && (
        <ul>
          {cart.map((l) => (
            <li key={l.variant.variant_id}>
              {l.quantity} × {l.variant.title} ({(l.variant.grams / 1000).toFixed(2)} kg)
            </li>
          ))}
        </ul>
      )}
      <InlineStack gap="200">
        <Button variant="primary" loading={busy} disabled={!cart.length} onClick={() => void run()}>
          {t("previewRun")}
        </Button>
        {!cart.length && (
          <Text as="span" tone="subdued">
            {t("previewEmptyCart")}
          </Text>
        )}
      </InlineStack>
      <ErrorBanner error={error} />
      {preview && (
        <BlockStack gap="200">
          {preview.rates.length ? (
            <div data-testid="preview-rates">
              <DataTable
                columnContentTypes={["text", "numeric", "text"]}
                headings={[t("colRate"), t("colPrice"), t("colDelivery")]}
                rows={preview.rates.map((r) => [
                  `${r.service_name} (${r.service_code})`,
                  money(Number(r.total_price), r.currency),
                  r.max_delivery_date ? r.max_delivery_date.slice(0, 10) : r.description,
                ])}
              />
            </div>
          ) : (
            <Text as="p" tone="critical">
              {t("previewNoRates", { reason: preview.problem?.message ?? preview.reason ?? "—" })}
            </Text>
          )}
          <Text as="p" tone="subdued">
            {t("previewSource", { source: preview.source })} ·{" "}
            {t("previewParcels", { count: preview.parcels.length })}
          </Text>
        </BlockStack>
      )}
    </Section>
  );
}
