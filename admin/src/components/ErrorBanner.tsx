import { Banner, Text } from "@shopify/polaris";
import { describeError } from "../errors";
import { useI18n } from "../i18n";

/** A refusal shown where it happened: Canada Post's code and own text, or Shopify's, or the server's. */
export function ErrorBanner({ error, onDismiss }: { error: unknown; onDismiss?: () => void }) {
  const i18n = useI18n();
  if (!error) return null;
  const d = describeError(error, i18n);
  return (
    <div data-testid="error-banner" data-code={d.code ?? ""}>
      <Banner tone="critical" onDismiss={onDismiss}>
        <Text as="p">{d.text}</Text>
      </Banner>
    </div>
  );
}
