"use client";
import { useEffect, useState, type ReactElement } from "react";
import { checkDelivery, type StorefrontSdk } from "./api";
import type { DeliveryCheckResponse, StorefrontLanguage } from "./types";

/**
 * Under the shipping options of the delivery step: when Canada Post gives the cart no price, the reason in
 * the shopper's language and what to fix (e.g. "write the postal code as A1A 1A1"); nothing when it is
 * priced. `refreshKey` (the address, the items) asks again when what decides the price changes.
 */
export interface DeliveryProblemProps {
  sdk: StorefrontSdk;
  cartId: string;
  lang?: StorefrontLanguage;
  refreshKey?: string;
  /** Told each answer, e.g. to grey out "Continue" or focus the field at fault. */
  onChecked?: (answer: DeliveryCheckResponse) => void;
}

export function DeliveryProblem({
  sdk,
  cartId,
  lang = "en",
  refreshKey,
  onChecked,
}: DeliveryProblemProps): ReactElement | null {
  // The answer is kept with the question it answers: once the address changes, the old reason is not
  // shown next to the new prices while the new check is on its way.
  const asked = `${cartId}\u0000${lang}\u0000${refreshKey ?? ""}`;
  const [answer, setAnswer] = useState<{ asked: string; problem: DeliveryCheckResponse["problem"] }>();
  useEffect(() => {
    let current = true;
    checkDelivery(sdk, cartId, { lang }).then(
      (checked) => {
        if (!current) return;
        setAnswer({ asked, problem: checked.problem });
        onChecked?.(checked);
      },
      // The store's own options still show; a failed check says nothing rather than something wrong.
      () => current && setAnswer({ asked, problem: null }),
    );
    return () => {
      current = false;
    };
  }, [sdk, asked]);
  const problem = answer?.asked === asked ? answer.problem : null;
  if (!problem) return null;
  return (
    <p
      className="cp-delivery-problem"
      role="alert"
      data-problem={problem.code}
      data-field={problem.field ?? ""}
      lang={lang}
    >
      {problem.message}
    </p>
  );
}
