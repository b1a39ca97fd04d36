import { CanadaPostError } from "../canada-post";
import type { ConnectionState, RefusalReason } from "./merchant-connection";

/** The connection's states and problems in the merchant's words, English and French. */

type Lang = "en" | "fr";
const t = (lang: Lang, en: string, fr: string) => (lang === "fr" ? fr : en);

export function describeConnectionState(state: ConnectionState, lang: Lang): string {
  switch (state) {
    case "not_connected":
      return t(lang, "Not connected to a Canada Post account.", "Non connecté à un compte Postes Canada.");
    case "connected_no_payment":
      return t(
        lang,
        "Connected, but no payment method is on file at Canada Post: labels will fail until you add a credit card to your Canada Post profile.",
        "Connecté, mais aucun mode de paiement n'est enregistré chez Postes Canada : l'achat d'étiquettes échouera tant que vous n'aurez pas ajouté une carte de crédit à votre profil Postes Canada.",
      );
    case "connected":
      return t(
        lang,
        "Connected: labels are paid with the payment method on file at Canada Post.",
        "Connecté : les étiquettes sont payées avec le mode de paiement enregistré chez Postes Canada.",
      );
    case "connected_contract":
      return t(
        lang,
        "Connected under your Canada Post contract: contract prices, labels billed to your account.",
        "Connecté sous votre contrat Postes Canada : prix du contrat, étiquettes facturées à votre compte.",
      );
  }
}

export function describeRefusal(reason: RefusalReason, lang: Lang): string {
  const text: Record<RefusalReason, [string, string]> = {
    state: [
      "This return from Canada Post is unknown, expired or was already used: nothing was connected. Start again with Connect with Canada Post.",
      "Ce retour de Postes Canada est inconnu, expiré ou déjà utilisé : rien n'a été connecté. Recommencez avec Connecter à Postes Canada.",
    ],
    session: [
      "This return from Canada Post was started in another admin session: nothing was connected.",
      "Ce retour de Postes Canada a été lancé dans une autre session d'administration : rien n'a été connecté.",
    ],
    cancelled: [
      "You cancelled at Canada Post: nothing was connected.",
      "Vous avez annulé chez Postes Canada : rien n'a été connecté.",
    ],
    status: [
      "Canada Post did not complete the registration: nothing was connected. Try again.",
      "Postes Canada n'a pas terminé l'inscription : rien n'a été connecté. Réessayez.",
    ],
    token: [
      "Canada Post returned another token than the one issued: nothing was connected.",
      "Postes Canada a renvoyé un autre jeton que celui émis : rien n'a été connecté.",
    ],
    canada_post: [
      "Canada Post refused to give the account's details: nothing was connected. Try again.",
      "Postes Canada a refusé de transmettre les renseignements du compte : rien n'a été connecté. Réessayez.",
    ],
  };
  return t(lang, ...text[reason]);
}

/**
 * Canada Post's payment refusals in the merchant's words: 7317 (the default supplier account is another
 * platform's), 7312 (no default supplier account), and a label refused for want of a card on file.
 */
export function explainPaymentError(e: unknown, lang: Lang): string | undefined {
  if (!(e instanceof CanadaPostError)) return undefined;
  if (e.hasCode("7317"))
    return t(
      lang,
      "The default supplier account in your Canada Post profile was issued for another platform than this one. In your Canada Post profile, make a credit card (or this platform's supplier account) your default payment method.",
      "Le compte fournisseur par défaut de votre profil Postes Canada a été émis pour une autre plateforme que celle-ci. Dans votre profil Postes Canada, choisissez une carte de crédit (ou le compte fournisseur de cette plateforme) comme mode de paiement par défaut.",
    );
  if (e.hasCode("7312"))
    return t(
      lang,
      "Your Canada Post profile has no default supplier account: add a credit card or a supplier account in your Canada Post profile.",
      "Votre profil Postes Canada n'a pas de compte fournisseur par défaut : ajoutez une carte de crédit ou un compte fournisseur à votre profil Postes Canada.",
    );
  if (e.messages.some((m) => /credit card/i.test(m.description)))
    return t(
      lang,
      "Canada Post has no credit card on file for your account: add one to your Canada Post profile, then buy the label again.",
      "Postes Canada n'a aucune carte de crédit enregistrée pour votre compte : ajoutez-en une à votre profil Postes Canada, puis achetez l'étiquette de nouveau.",
    );
  return undefined;
}
