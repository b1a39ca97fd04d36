/**
 * The embedded admin: Polaris inside Shopify's admin, the app's navigation given to App Bridge (the admin's
 * sidebar), the page of the current path, in the merchant's admin language.
 */
import { NavMenu } from "@shopify/app-bridge-react";
import { AppProvider } from "@shopify/polaris";
import polarisEn from "@shopify/polaris/locales/en.json";
import polarisFr from "@shopify/polaris/locales/fr.json";
import { useEffect } from "react";
import type { Bridge } from "./api";
import { I18nProvider, langOf, translate } from "./i18n";
import { ManifestsPage } from "./pages/ManifestsPage";
import { OrdersPage } from "./pages/OrdersPage";
import { SettingsPage } from "./pages/SettingsPage";
import { ShipmentsPage } from "./pages/ShipmentsPage";
import { RouterProvider, useRoute } from "./router";
import { ServicesProvider } from "./services";

function CurrentPage() {
  const { page } = useRoute();
  switch (page) {
    case "shipments":
      return <ShipmentsPage />;
    case "manifests":
      return <ManifestsPage />;
    case "settings":
      return <SettingsPage />;
    default:
      return <OrdersPage />;
  }
}

export function App({ bridge }: { bridge: Bridge }) {
  const lang = langOf(bridge.config.locale);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = translate(lang, "appName");
  }, [lang]);
  const t = (k: Parameters<typeof translate>[1]) => translate(lang, k);
  return (
    <AppProvider i18n={lang === "fr" ? polarisFr : polarisEn}>
      <I18nProvider lang={lang}>
        <ServicesProvider bridge={bridge}>
          <RouterProvider>
            <NavMenu>
              <a href="/" rel="home">
                {t("appName")}
              </a>
              <a href="/orders">{t("navOrders")}</a>
              <a href="/shipments">{t("navShipments")}</a>
              <a href="/manifests">{t("navManifests")}</a>
              <a href="/settings">{t("navSettings")}</a>
            </NavMenu>
            <CurrentPage />
          </RouterProvider>
        </ServicesProvider>
      </I18nProvider>
    </AppProvider>
  );
}
