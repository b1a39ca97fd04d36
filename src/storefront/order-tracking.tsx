import type { ReactElement } from "react";
import { formatDate, formatEventTime, translate, type MessageKey } from "./i18n";
import type { ParcelView, StorefrontLanguage } from "./types";

/**
 * An order's parcels: each one's Canada Post tracking number (linked to Canada Post's tracking page), its
 * status, the expected (or actual) delivery date and the events, newest first, in the shopper's language.
 * No hooks and no browser APIs: it renders on a server (a Next.js server component) as well as in the
 * browser. Unstyled: every element has a `cp-tracking…` class for the store's CSS.
 */
export interface OrderTrackingProps {
  shipments: readonly ParcelView[];
  lang?: StorefrontLanguage;
  /** The level of the section's heading (parcels get the next one). Default 2. */
  headingLevel?: 2 | 3 | 4 | 5;
  /** Hide the section heading (when the page has its own). */
  hideHeading?: boolean;
  className?: string;
}

type Level = 2 | 3 | 4 | 5 | 6;

function Heading({ level, className, children }: { level: Level; className: string; children: string }) {
  const Tag = `h${level}` as const;
  return <Tag className={className}>{children}</Tag>;
}

const PARCEL_STATUSES = new Set([
  "pre_transit",
  "in_transit",
  "out_for_delivery",
  "delivered",
  "attempted",
  "exception",
  "returned",
  "unknown",
]);

/**
 * Where the parcel is, as a class-name word: Canada Post's reading of its events; before any scan, the
 * label's state (created, or cancelled once a refund was asked: a refunded label's "label created" event
 * says nothing more).
 */
function stateOf(parcel: ParcelView): string {
  const cancelled = parcel.status === "refund_requested";
  const t = parcel.tracking_status;
  if (t && PARCEL_STATUSES.has(t) && !(cancelled && (t === "pre_transit" || t === "unknown"))) return t;
  return cancelled ? "cancelled" : "created";
}

/** The parcel's status in words, in the shopper's language. */
export function parcelStatusText(parcel: ParcelView, lang: StorefrontLanguage): string {
  const state = stateOf(parcel);
  if (PARCEL_STATUSES.has(state)) return translate(lang, `status_${state}` as MessageKey);
  return translate(lang, state === "cancelled" ? "label_cancelled" : "label_created");
}

function DateFact(props: { label: string; date: string; kind: string; lang: StorefrontLanguage }) {
  return (
    <>
      <dt>{props.label}</dt>
      <dd className={`cp-tracking__${props.kind}`}>
        <time dateTime={props.date}>{formatDate(props.date, props.lang)}</time>
      </dd>
    </>
  );
}

function Parcel({
  parcel,
  index,
  lang,
  level,
}: {
  parcel: ParcelView;
  index: number;
  lang: StorefrontLanguage;
  level: Level;
}) {
  const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(lang, key, vars);
  const state = stateOf(parcel);
  const title = parcel.service_name
    ? `${t("parcel", { n: index + 1 })} · ${parcel.service_name}`
    : t("parcel", { n: index + 1 });
  return (
    <li
      className={`cp-tracking__parcel cp-tracking__parcel--${state}`}
      data-tracking-pin={parcel.tracking_pin}
    >
      <Heading level={level} className="cp-tracking__parcel-title">
        {title}
      </Heading>
      <dl className="cp-tracking__facts">
        <dt>{t("trackingNumber")}</dt>
        <dd className="cp-tracking__pin">
          {parcel.tracking_url ? (
            <a
              href={parcel.tracking_url}
              target="_blank"
              rel="noopener noreferrer"
              aria-label={`${parcel.tracking_pin}, ${t("trackOnCanadaPost")}`}
            >
              {parcel.tracking_pin}
            </a>
          ) : (
            parcel.tracking_pin
          )}
        </dd>
        <dt>{t("status")}</dt>
        <dd className={`cp-tracking__status cp-tracking__status--${state}`}>
          {parcelStatusText(parcel, lang)}
        </dd>
        {parcel.actual_delivery_date ? (
          <DateFact
            label={t("deliveredOn")}
            date={parcel.actual_delivery_date}
            kind="delivered"
            lang={lang}
          />
        ) : parcel.expected_delivery_date ? (
          <DateFact
            label={t("expectedDelivery")}
            date={parcel.expected_delivery_date}
            kind="expected"
            lang={lang}
          />
        ) : null}
      </dl>
      <Heading level={Math.min(level + 1, 6) as Level} className="cp-tracking__history-title">
        {t("history")}
      </Heading>
      {parcel.events.length === 0 ? (
        <p className="cp-tracking__no-events">{t("noEvents")}</p>
      ) : (
        <ol className="cp-tracking__events">
          {parcel.events.map((e, i) => (
            <li key={`${e.occurredAt}-${e.code}-${i}`} className="cp-tracking__event">
              <time className="cp-tracking__event-time" dateTime={e.occurredAt}>
                {formatEventTime(e.occurredAt, lang)}
              </time>{" "}
              <span className="cp-tracking__event-description">{e.description}</span>
              {e.site ? (
                <span className="cp-tracking__event-place">
                  {" "}
                  ({e.site}
                  {e.province ? `, ${e.province}` : ""})
                </span>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </li>
  );
}

export function OrderTracking({
  shipments,
  lang = "en",
  headingLevel = 2,
  hideHeading = false,
  className,
}: OrderTrackingProps): ReactElement {
  const parcelLevel = (hideHeading ? headingLevel : headingLevel + 1) as Level;
  return (
    <section
      className={className ? `cp-tracking ${className}` : "cp-tracking"}
      aria-label={hideHeading ? translate(lang, "heading") : undefined}
      lang={lang}
    >
      {hideHeading ? null : (
        <Heading level={headingLevel} className="cp-tracking__title">
          {translate(lang, "heading")}
        </Heading>
      )}
      {shipments.length === 0 ? (
        <p className="cp-tracking__not-shipped">{translate(lang, "notShipped")}</p>
      ) : (
        <ul className="cp-tracking__parcels">
          {shipments.map((parcel, i) => (
            <Parcel
              key={parcel.tracking_pin ?? i}
              parcel={parcel}
              index={i}
              lang={lang}
              level={parcelLevel}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
