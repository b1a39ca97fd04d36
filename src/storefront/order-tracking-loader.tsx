"use client";
import { useEffect, useState, type ReactElement } from "react";
import { retrieveOrderTracking, type StorefrontSdk } from "./api";
import { translate } from "./i18n";
import { OrderTracking, type OrderTrackingProps } from "./order-tracking";
import type { ParcelView } from "./types";

/**
 * The tracking of a logged-in customer's order, fetched in the browser through the JS SDK (the customer's
 * token is the SDK's). For pages rendered on a server, call retrieveOrderTracking() there and render
 * <OrderTracking> instead: no request from the browser, no loading state.
 */
export interface OrderTrackingLoaderProps extends Omit<OrderTrackingProps, "shipments"> {
  sdk: StorefrontSdk;
  orderId: string;
  headers?: Record<string, string>;
}

type State = { kind: "loading" } | { kind: "failed" } | { kind: "loaded"; shipments: ParcelView[] };

export function OrderTrackingLoader({
  sdk,
  orderId,
  headers,
  lang = "en",
  ...rest
}: OrderTrackingLoaderProps): ReactElement {
  const [state, setState] = useState<State>({ kind: "loading" });
  useEffect(() => {
    let current = true;
    setState({ kind: "loading" });
    retrieveOrderTracking(sdk, orderId, { lang, headers }).then(
      (r) => current && setState({ kind: "loaded", shipments: r.shipments }),
      () => current && setState({ kind: "failed" }),
    );
    return () => {
      current = false;
    };
    // Headers are read when the order or the language changes, not on every render's new object.
  }, [sdk, orderId, lang]);

  if (state.kind === "loaded") return <OrderTracking shipments={state.shipments} lang={lang} {...rest} />;
  return (
    <section className="cp-tracking cp-tracking--pending" aria-busy={state.kind === "loading"} lang={lang}>
      {state.kind === "loading" ? (
        <p className="cp-tracking__loading" role="status">
          {translate(lang, "loading")}
        </p>
      ) : (
        <p className="cp-tracking__error" role="alert">
          {translate(lang, "unavailable")}
        </p>
      )}
    </section>
  );
}
