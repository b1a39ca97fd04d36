import { canadaPostFromEnv } from "../runtime/choice";
import { openCanadaPost, type CanadaPostBackend } from "../runtime/open-canada-post";
import type { CliIo } from "./io";

/**
 * The Canada Post the CLI talks to: the one the CANADA_POST_* variables name, or the built-in simulator
 * started for this command (CANADA_POST_ENV=simulator, or no credentials outside production), said once on
 * stderr so --json output stays clean.
 */
export async function openBackend(io: CliIo, lang?: "en" | "fr"): Promise<CanadaPostBackend> {
  const choice = canadaPostFromEnv(io.env);
  return openCanadaPost(choice, {
    lang: lang ?? choice.lang,
    notice: (m) => io.stderr(`${m}\n`),
    nodeEnv: io.env.NODE_ENV,
  });
}
