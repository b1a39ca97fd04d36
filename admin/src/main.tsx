import "@shopify/polaris/build/esm/styles.css";
import { createRoot } from "react-dom/client";
import { bridge } from "./api";
import { App } from "./App";
import { langOf, translate } from "./i18n";

const root = createRoot(document.getElementById("root")!);
const app = bridge();
if (app) root.render(<App bridge={app} />);
else {
  // No App Bridge: opened outside Shopify's admin (or its script could not load). Nothing works without it.
  const lang = langOf(navigator.language);
  root.render(<p style={{ fontFamily: "system-ui", margin: "2rem" }}>{translate(lang, "outsideAdmin")}</p>);
}
