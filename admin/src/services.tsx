/**
 * What every page uses: the admin API client (session tokens from App Bridge), App Bridge's toast, and what
 * the shop's settings say about display (its time zone, shipment mode, label format), read once and again
 * after the settings are saved.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { apiClient, type ApiClient, type Bridge } from "./api";

export interface ShopDisplay {
  timeZone: string;
  mode: "transmit" | "manifest" | "noncontract";
  encoding: "PDF" | "ZPL";
  refundEmail: string | null;
}

export interface Services {
  api: ApiClient;
  toast: (message: string, isError?: boolean) => void;
  shop: ShopDisplay | undefined;
  reloadShop: () => void;
}

const ServicesContext = createContext<Services | undefined>(undefined);

interface SettingsAnswer {
  merchant: {
    shipments: { timeZone: string; mode: ShopDisplay["mode"] };
    labels: { encoding: "PDF" | "ZPL" };
  };
  app: { refundEmail?: string };
}

export function ServicesProvider({ bridge, children }: { bridge: Bridge; children: ReactNode }) {
  const api = useMemo(() => apiClient(bridge), [bridge]);
  const [shop, setShop] = useState<ShopDisplay>();
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    api
      .json<SettingsAnswer>("/api/settings")
      .then((s) =>
        setShop({
          timeZone: s.merchant.shipments.timeZone,
          mode: s.merchant.shipments.mode,
          encoding: s.merchant.labels.encoding,
          refundEmail: s.app.refundEmail ?? null,
        }),
      )
      .catch(() =>
        setShop({ timeZone: "America/Toronto", mode: "transmit", encoding: "PDF", refundEmail: null }),
      );
  }, [api, generation]);
  const toast = useCallback(
    (message: string, isError = false) => void bridge.toast.show(message, { isError, duration: 5000 }),
    [bridge],
  );
  const value = useMemo(
    () => ({ api, toast, shop, reloadShop: () => setGeneration((g) => g + 1) }),
    [api, toast, shop],
  );
  return <ServicesContext.Provider value={value}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const s = useContext(ServicesContext);
  if (!s) throw new Error("useServices outside ServicesProvider");
  return s;
}
