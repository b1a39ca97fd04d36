/** Canada Post's names of the services a merchant usually offers, for option labels in the admin. */
const NAMES: Record<string, { en: string; fr: string }> = {
  "DOM.RP": { en: "Regular Parcel", fr: "Colis standard" },
  "DOM.EP": { en: "Expedited Parcel", fr: "Colis accélérés" },
  "DOM.XP": { en: "Xpresspost", fr: "Xpresspost" },
  "DOM.PC": { en: "Priority", fr: "Priorité" },
  "USA.EP": { en: "Expedited Parcel USA", fr: "Colis accélérés É.-U." },
  "USA.XP": { en: "Xpresspost USA", fr: "Xpresspost É.-U." },
  "USA.TP": { en: "Tracked Packet – USA", fr: "Paquet repérable – É.-U." },
  "USA.SP.AIR": { en: "Small Packet USA Air", fr: "Petit paquet avion É.-U." },
  "INT.XP": { en: "Xpresspost International", fr: "Xpresspost International" },
  "INT.IP.AIR": { en: "International Parcel Air", fr: "Colis international par avion" },
  "INT.IP.SURF": { en: "International Parcel Surface", fr: "Colis international de surface" },
  "INT.TP": { en: "Tracked Packet – International", fr: "Paquet repérable – International" },
};

export function serviceNameOf(code: string, lang: "en" | "fr" = "en"): string {
  const n = NAMES[code];
  return n ? `Canada Post ${n[lang]}` : `Canada Post ${code}`;
}
