/**
 * The settings the merchant edits, section by section (paths as the core's settings name them: see
 * src/shipping/settings.ts): origin, services and their names, pricing rules, boxes and the default item,
 * fallback rates, label format, shipment mode and what the app does in Shopify.
 */
import {
  BlockStack,
  Button,
  Card,
  Checkbox,
  FormLayout,
  InlineGrid,
  InlineStack,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import type { ReactNode } from "react";
import { useI18n, type MessageKey } from "../i18n";
import { CheckboxAt, getAt, NumberAt, SelectAt, TextAt, useForm } from "./form";

const M = "merchant";

export function Section(props: { title: string; children: ReactNode; testId?: string }) {
  return (
    <div data-testid={props.testId}>
      <Card>
        <BlockStack gap="400">
          <Text as="h2" variant="headingMd">
            {props.title}
          </Text>
          {props.children}
        </BlockStack>
      </Card>
    </div>
  );
}

export function OriginSection() {
  const { t } = useI18n();
  const provinces = ["AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"];
  return (
    <Section title={t("sectionOrigin")} testId="settings-origin">
      <FormLayout>
        <TextAt path={`${M}.origin.postalCode`} label={t("postalCode")} />
        <FormLayout.Group>
          <TextAt path={`${M}.origin.sender.company`} label={t("company")} />
          <TextAt path={`${M}.origin.sender.contactPhone`} label={t("contactPhone")} />
        </FormLayout.Group>
        <FormLayout.Group>
          <TextAt path={`${M}.origin.sender.addressLine1`} label={t("address1")} />
          <TextAt path={`${M}.origin.sender.addressLine2`} label={t("address2")} optional />
        </FormLayout.Group>
        <FormLayout.Group>
          <TextAt path={`${M}.origin.sender.city`} label={t("city")} />
          <SelectAt
            path={`${M}.origin.sender.province`}
            label={t("province")}
            options={provinces.map((p) => ({ label: p, value: p }))}
          />
        </FormLayout.Group>
      </FormLayout>
    </Section>
  );
}

export function ServicesSection() {
  const { t } = useI18n();
  const { draft, set, error } = useForm();
  const services =
    (getAt(draft, `${M}.services`) as { code: string; name?: string; enabled: boolean }[]) ?? [];
  return (
    <Section title={t("sectionServices")} testId="settings-services">
      {error(`${M}.services`) && (
        <Text as="p" tone="critical">
          {error(`${M}.services`)}
        </Text>
      )}
      <BlockStack gap="200">
        {services.map((s, i) => (
          <InlineGrid key={s.code} columns={["oneThird", "twoThirds"]} gap="300" alignItems="center">
            <Checkbox
              label={s.code}
              checked={s.enabled}
              onChange={(v) => set(`${M}.services.${i}.enabled`, v)}
            />
            <TextField
              label={t("serviceName")}
              labelHidden
              placeholder={t("serviceDefaultName")}
              value={s.name ?? ""}
              onChange={(v) => set(`${M}.services.${i}.name`, v.trim() ? v : undefined)}
              error={error(`${M}.services.${i}.name`)}
              autoComplete="off"
            />
          </InlineGrid>
        ))}
      </BlockStack>
    </Section>
  );
}

export function PricingSection() {
  const { t } = useI18n();
  const rounding = ["none", "nearest_0.05", "up_0.99", "up_whole"];
  return (
    <Section title={t("sectionPricing")} testId="settings-pricing">
      <FormLayout>
        <FormLayout.Group>
          <NumberAt path={`${M}.pricing.markup.percent`} label={t("markupPercent")} />
          <NumberAt path={`${M}.pricing.markup.flat`} label={t("markupFlat")} />
          <NumberAt path={`${M}.pricing.handlingFee`} label={t("handlingFee")} />
        </FormLayout.Group>
        <FormLayout.Group>
          <NumberAt path={`${M}.pricing.freeShippingOver.*`} label={t("freeOver")} optional />
          <SelectAt
            path={`${M}.pricing.rounding`}
            label={t("rounding")}
            options={rounding.map((r) => ({ label: t(`rounding_${r}` as MessageKey), value: r }))}
          />
        </FormLayout.Group>
      </FormLayout>
    </Section>
  );
}

export function PackingSection() {
  const { t } = useI18n();
  const { draft, set } = useForm();
  const boxes = (getAt(draft, `${M}.packing.boxes`) as unknown[]) ?? [];
  const p = `${M}.packing`;
  return (
    <Section title={t("sectionPacking")} testId="settings-packing">
      <BlockStack gap="300">
        {boxes.map((_, i) => (
          <InlineGrid key={i} columns={7} gap="200" alignItems="end">
            <TextAt path={`${p}.boxes.${i}.name`} label={t("boxName")} />
            <NumberAt path={`${p}.boxes.${i}.length`} label={t("length")} />
            <NumberAt path={`${p}.boxes.${i}.width`} label={t("width")} />
            <NumberAt path={`${p}.boxes.${i}.height`} label={t("height")} />
            <NumberAt path={`${p}.boxes.${i}.maxWeight`} label={t("maxWeight")} />
            <NumberAt path={`${p}.boxes.${i}.emptyWeight`} label={t("emptyWeight")} />
            <Button
              variant="tertiary"
              onClick={() =>
                set(
                  `${p}.boxes`,
                  boxes.filter((__, j) => j !== i),
                )
              }
            >
              {t("remove")}
            </Button>
          </InlineGrid>
        ))}
        <InlineStack>
          <Button
            onClick={() =>
              set(`${p}.boxes`, [
                ...boxes,
                { name: "", length: 30, width: 20, height: 10, maxWeight: 5, emptyWeight: 0.2 },
              ])
            }
          >
            {t("addBox")}
          </Button>
        </InlineStack>
        <Text as="h3" variant="headingSm">
          {t("defaultItem")}
        </Text>
        <InlineGrid columns={4} gap="200">
          <NumberAt path={`${p}.defaultItem.weight`} label={t("weight")} />
          <NumberAt path={`${p}.defaultItem.length`} label={t("length")} />
          <NumberAt path={`${p}.defaultItem.width`} label={t("width")} />
          <NumberAt path={`${p}.defaultItem.height`} label={t("height")} />
        </InlineGrid>
      </BlockStack>
    </Section>
  );
}

export function FallbackSection() {
  const { t } = useI18n();
  const { draft, set } = useForm();
  const path = `${M}.quotes.fallbackRates`;
  const rates = (getAt(draft, path) as Record<string, { amount: number; name: string }>) ?? {};
  const services = ((getAt(draft, `${M}.services`) as { code: string }[]) ?? []).map((s) => s.code);
  const unused = services.filter((c) => !(c in rates));
  return (
    <Section title={t("sectionFallback")} testId="settings-fallback">
      <Text as="p" tone="subdued">
        {t("fallbackHelp")}
      </Text>
      {Object.keys(rates).map((code) => (
        <InlineGrid key={code} columns={["oneThird", "oneThird", "oneThird"]} gap="200" alignItems="end">
          <TextAt path={`${path}.${code}.name`} label={code} />
          <NumberAt path={`${path}.${code}.amount`} label={t("fallbackAmount")} />
          <Button variant="tertiary" onClick={() => set(`${path}.${code}`, undefined)}>
            {t("remove")}
          </Button>
        </InlineGrid>
      ))}
      {unused.length > 0 && (
        <InlineStack>
          <Button onClick={() => set(`${path}.${unused[0]}`, { name: unused[0], amount: 15 })}>
            {t("addFallback")}
          </Button>
        </InlineStack>
      )}
    </Section>
  );
}

/** The label's encoding and size are one choice for the merchant: the printer they have. */
const FORMATS: Record<string, { encoding: string; outputFormat: string }> = {
  pdf_letter: { encoding: "PDF", outputFormat: "8.5x11" },
  pdf_4x6: { encoding: "PDF", outputFormat: "4x6" },
  zpl_4x6: { encoding: "ZPL", outputFormat: "4x6" },
};

export function LabelsSection() {
  const { t } = useI18n();
  const { draft, set, error } = useForm();
  const labels = (getAt(draft, `${M}.labels`) as { encoding: string; outputFormat: string }) ?? {};
  const format =
    Object.entries(FORMATS).find(
      ([, f]) => f.encoding === labels.encoding && f.outputFormat === labels.outputFormat,
    )?.[0] ?? "pdf_letter";
  return (
    <Section title={t("sectionLabels")} testId="settings-labels">
      <FormLayout>
        <FormLayout.Group>
          <div data-testid="label-format">
            <SelectFormat
              value={format}
              onChange={(v) => set(`${M}.labels`, { ...FORMATS[v] })}
              error={error(`${M}.labels.outputFormat`)}
            />
          </div>
          <SelectAt
            path={`${M}.shipments.mode`}
            label={t("shipmentMode")}
            options={["transmit", "manifest", "noncontract"].map((m) => ({
              label: t(`mode_${m}` as MessageKey),
              value: m,
            }))}
          />
        </FormLayout.Group>
        <FormLayout.Group>
          <TextAt path={`${M}.shipments.timeZone`} label={t("timeZone")} />
          <TextAt path="app.refundEmail" label={t("refundEmail")} type="email" optional />
        </FormLayout.Group>
        <CheckboxAt path="app.autoLabelOnFulfill" label={t("autoLabel")} />
        <CheckboxAt path="app.notifyCustomer" label={t("notifyCustomer")} />
      </FormLayout>
    </Section>
  );
}

function SelectFormat(props: { value: string; onChange: (v: string) => void; error?: string }) {
  const { t } = useI18n();
  return (
    <Select
      label={t("labelFormat")}
      value={props.value}
      onChange={props.onChange}
      error={props.error}
      options={Object.keys(FORMATS).map((f) => ({ label: t(`format_${f}` as MessageKey), value: f }))}
    />
  );
}
