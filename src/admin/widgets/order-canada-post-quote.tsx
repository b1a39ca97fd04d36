import { defineWidgetConfig } from "@medusajs/admin-sdk";
import { Container, Heading, Text } from "@medusajs/ui";
import { useEffect, useState } from "react";
import { adminApi } from "../lib/api";
import { useI18n } from "../lib/i18n";

/**
 * Before the label is bought: what the customer paid for the Canada Post service at checkout against
 * Canada Post's price now, so the merchant sees a difference (a heavier parcel, a new rate) first.
 */
interface QuoteComparison {
  shipping_method: { name: string | null; service_code: string; amount: number } | null;
  parcels?: { dimensions: { length: number; width: number; height: number }; weight: number }[];
  current?: { amount: number; due: number; source: string } | null;
  difference?: number | null;
  reason?: string | null;
  has_canada_post_shipment?: boolean;
}

const OrderCanadaPostQuote = ({ data }: { data: { id: string } }) => {
  const [quote, setQuote] = useState<QuoteComparison | undefined>();
  const [error, setError] = useState<string | undefined>();
  const { t, money } = useI18n();

  useEffect(() => {
    adminApi<QuoteComparison>(`/admin/canada-post/orders/${encodeURIComponent(data.id)}/quote`)
      .then(setQuote)
      .catch((e: Error) => setError(e.message));
  }, [data.id]);

  if (!error && (!quote?.shipping_method || quote.has_canada_post_shipment)) return null;
  const method = quote?.shipping_method;
  const diff = quote?.difference;
  return (
    <Container className="divide-y p-0" data-testid="canada-post-quote">
      <div className="px-6 py-4">
        <Heading level="h2">{t("quoteHeading")}</Heading>
      </div>
      {error && (
        <Text size="small" className="text-ui-fg-error px-6 py-4">
          {error}
        </Text>
      )}
      {method && (
        <div className="flex flex-col gap-y-1 px-6 py-4">
          <Text size="small" weight="plus">
            {method.name ?? method.service_code} · {t("quotedAtCheckout", { amount: money(method.amount) })}
            {quote?.current ? ` · ${t("canadaPostNow", { amount: money(quote.current.amount) })}` : ""}
            {diff !== null && diff !== undefined ? (
              <span className={diff > 0 ? "text-ui-fg-error" : "text-ui-fg-subtle"}>
                {" "}
                · {diff === 0 ? t("noDifference") : `${diff > 0 ? "+" : "−"}${money(Math.abs(diff))}`}
              </span>
            ) : null}
          </Text>
          {!quote?.current && (
            <Text size="small" className="text-ui-fg-error">
              {t("noCurrentPrice", { reason: quote?.reason ?? "" })}
            </Text>
          )}
          {quote?.current?.source === "fallback" && (
            <Text size="small" className="text-ui-fg-subtle">
              {t("fallbackRate")}
            </Text>
          )}
          {quote?.parcels?.map((p, i) => (
            <Text key={i} size="small" className="text-ui-fg-subtle">
              {t("parcel", {
                n: i + 1,
                l: p.dimensions.length,
                w: p.dimensions.width,
                h: p.dimensions.height,
                kg: p.weight.toFixed(3),
              })}
            </Text>
          ))}
        </div>
      )}
    </Container>
  );
};

export const config = defineWidgetConfig({ zone: "order.details.after" });

export default OrderCanadaPostQuote;
