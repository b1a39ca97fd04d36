"use client";
import { useId, useState, type FormEvent, type ReactElement } from "react";
import { lookupGuestTracking, type GuestLookupResult, type StorefrontSdk } from "./api";
import { translate, type MessageKey } from "./i18n";
import { OrderTracking } from "./order-tracking";
import type { StorefrontLanguage } from "./types";

/**
 * Where a shopper without an account finds their parcels: the order number (from the confirmation email)
 * and the email the order was placed with. The store answers the same "not found" whether the number or
 * the email is wrong, and refuses for a while after too many attempts; the form says so in plain words.
 */
export interface GuestTrackingLookupProps {
  sdk: StorefrontSdk;
  lang?: StorefrontLanguage;
  /** Prefill, e.g. from a link in the confirmation email (?order=1001). */
  defaultOrderNumber?: string;
  defaultEmail?: string;
  /** The level of the form's heading (the result's heading is the next). Default 2. */
  headingLevel?: 1 | 2 | 3 | 4;
  className?: string;
  /** Called with each answer (analytics, or to put the number in the page's URL). */
  onResult?: (result: GuestLookupResult) => void;
}

const ERRORS: Partial<Record<GuestLookupResult["status"], MessageKey>> = {
  not_found: "notFound",
  rate_limited: "rateLimited",
  invalid: "invalidInput",
  error: "unavailable",
};

interface FieldProps {
  id: string;
  label: string;
  name: string;
  type?: "email";
  inputMode?: "numeric";
  autoComplete: string;
  value: string;
  onChange: (value: string) => void;
  invalid: boolean;
  describedBy: string;
}

function Field({ id, label, onChange, invalid, describedBy, ...input }: FieldProps) {
  return (
    <div className="cp-guest-lookup__field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        required
        {...input}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
      />
    </div>
  );
}

export function GuestTrackingLookup({
  sdk,
  lang = "en",
  defaultOrderNumber = "",
  defaultEmail = "",
  headingLevel = 2,
  className,
  onResult,
}: GuestTrackingLookupProps): ReactElement {
  const id = useId();
  const [orderNumber, setOrderNumber] = useState(defaultOrderNumber);
  const [email, setEmail] = useState(defaultEmail);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<GuestLookupResult | undefined>();
  const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(lang, key, vars);
  const Title = `h${headingLevel}` as const;
  const Result = `h${headingLevel + 1}` as "h2" | "h3" | "h4" | "h5";

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      const answer = await lookupGuestTracking(sdk, { orderNumber, email }, { lang });
      setResult(answer);
      onResult?.(answer);
    } finally {
      setBusy(false);
    }
  };

  const error = result && ERRORS[result.status];
  const fieldsWrong = error === "invalidInput" || error === "notFound";
  return (
    <div className={className ? `cp-guest-lookup ${className}` : "cp-guest-lookup"} lang={lang}>
      <form className="cp-guest-lookup__form" aria-labelledby={`${id}-title`} onSubmit={submit} noValidate>
        <Title id={`${id}-title`} className="cp-guest-lookup__title">
          {t("lookupHeading")}
        </Title>
        <p id={`${id}-intro`} className="cp-guest-lookup__intro">
          {t("lookupIntro")}
        </p>
        <Field
          id={`${id}-order`}
          label={t("orderNumber")}
          name="order_number"
          inputMode="numeric"
          autoComplete="off"
          value={orderNumber}
          onChange={setOrderNumber}
          invalid={fieldsWrong}
          describedBy={error ? `${id}-error` : `${id}-intro`}
        />
        <Field
          id={`${id}-email`}
          label={t("email")}
          name="email"
          type="email"
          autoComplete="email"
          value={email}
          onChange={setEmail}
          invalid={fieldsWrong}
          describedBy={error ? `${id}-error` : `${id}-intro`}
        />
        <button type="submit" className="cp-guest-lookup__submit" disabled={busy} aria-busy={busy}>
          {busy ? t("searching") : t("track")}
        </button>
        {error ? (
          <p
            id={`${id}-error`}
            className={`cp-guest-lookup__error cp-guest-lookup__error--${result.status}`}
            role="alert"
          >
            {t(error)}
          </p>
        ) : null}
      </form>
      <div className="cp-guest-lookup__result" aria-live="polite">
        {result?.status === "found" ? (
          <>
            <Result className="cp-guest-lookup__order">
              {t("orderHeading", { n: result.tracking.order_number })}
            </Result>
            <OrderTracking
              shipments={result.tracking.shipments}
              lang={lang}
              hideHeading
              headingLevel={(headingLevel + 2) as 3 | 4 | 5}
              className="cp-guest-lookup__tracking"
            />
          </>
        ) : null}
      </div>
    </div>
  );
}
