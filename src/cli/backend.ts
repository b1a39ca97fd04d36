import { configFromEnv, resolveConfig, type CanadaPostConfig } from "../canada-post/config";
import { createClientContext, type ClientContextHandle } from "../canada-post/client";
import { describeSimulator, settingsFromEnv, startSimulator } from "../simulator";
import type { CliIo } from "./io";

/**
 * The Canada Post the CLI talks to: the one the CANADA_POST_* variables name, or, with no credentials set,
 * the built-in simulator started for this command (said once, on stderr, so --json output stays clean).
 */
export async function openBackend(io: CliIo, lang?: "en" | "fr"): Promise<ClientContextHandle> {
  const fromEnv = configFromEnv(io.env);
  if (fromEnv) {
    const config = resolveConfig({ ...fromEnv, ...(lang ? { lang } : {}) });
    return createClientContext(config);
  }
  const settings = settingsFromEnv(io.env);
  const sim = await startSimulator({ settings });
  io.stderr(`No CANADA_POST_USERNAME set: using the built-in Canada Post simulator at ${sim.url}\n`);
  const envLang = io.env.CANADA_POST_LANG?.toLowerCase().startsWith("fr") ? "fr" : undefined;
  const config: CanadaPostConfig = resolveConfig({
    username: settings.username,
    password: settings.password,
    customerNumber: settings.customerNumber,
    contractId: settings.contractId,
    baseUrl: sim.url,
    lang: lang ?? envLang ?? "en",
  });
  const handle = createClientContext(config);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await sim.close();
    },
  };
}

export { describeSimulator };
