/**
 * Canada Post's scheduled outages (Get Service Info), above the settings: the merchant learns why labels may
 * fail on Sunday night before they do. Nothing is shown when there is none, or when Canada Post cannot be
 * asked (the connection card already says so).
 */
import { Banner, BlockStack, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { useI18n } from "../i18n";
import { useServices } from "../services";

interface Notice {
  text: string;
  from: string;
  to: string;
}

export function ServiceNotices({ timeZone }: { timeZone: string }) {
  const { t, dateTime } = useI18n();
  const { api } = useServices();
  const [notices, setNotices] = useState<Notice[]>([]);
  useEffect(() => {
    api
      .json<{ notices: Notice[] }>("/api/service-notices")
      .then((r) => setNotices(r.notices))
      .catch(() => setNotices([]));
  }, [api]);
  if (!notices.length) return null;
  return (
    <div data-testid="service-notices">
      <Banner tone="warning" title={t("serviceNotice")}>
        <BlockStack gap="100">
          {notices.map((n) => (
            <Text as="p" key={`${n.from} ${n.text}`}>
              {t("serviceNoticePeriod", {
                text: n.text,
                from: dateTime(n.from, timeZone),
                to: dateTime(n.to, timeZone),
              })}
            </Text>
          ))}
        </BlockStack>
      </Banner>
    </div>
  );
}
