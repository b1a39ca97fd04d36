import { configFromEnv } from "../canada-post";
import { openCanadaPost, type CanadaPostBackend } from "../runtime/open-canada-post";
import { settingsFromEnv } from "../simulator";
import type { CliIo } from "./io";

/**
 * The Canada Post the CLI talks to: the one the CANADA_POST_* variables name, or, with no credentials set,
 * the built-in simulator started for this command (said once, on stderr, so --json output stays clean).
 */
export async function openBackend(io: CliIo, lang?: "en" | "fr"): Promise<CanadaPostBackend> {
  const envLang = io.env.CANADA_POST_LANG?.toLowerCase().startsWith("fr") ? "fr" : undefined;
  const fromEnv = configFromEnv(io.env);
  if (fromEnv) return openCanadaPost(fromEnv, { lang: lang ?? fromEnv.lang });
  // The built-in simulator accepts the customer number and contract the environment names, if any.
  const sim = settingsFromEnv(io.env);
  return openCanadaPost(
    {
      username: "",
      password: "",
      customerNumber: sim.customerNumber,
      contractId: sim.contractId,
      lang: envLang,
    },
    { lang: lang ?? envLang, notice: (m) => io.stderr(`${m}\n`) },
  );
}
