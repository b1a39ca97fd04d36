import { Command, CommanderError } from "commander";
import type { ClientContext } from "../canada-post";
import { openBackend } from "./backend";
import { manifestCommands } from "./commands/manifest";
import { ratingCommands } from "./commands/rating";
import { shipmentCommands } from "./commands/shipment";
import { simulatorCommand } from "./commands/simulator";
import { trackingCommands } from "./commands/tracking";
import { reportError } from "./errors";
import { processIo, type CliIo } from "./io";

/** What a command produces: the typed result (printed as JSON with --json) and its readable form. */
export interface CommandOutput {
  result: unknown;
  text: string;
}

export type CommandRunner = (
  options: { json?: boolean; lang?: "en" | "fr" },
  body: (ctx: ClientContext) => Promise<CommandOutput>,
) => Promise<void>;

/** Runs the `canada-post` command line; resolves to the exit code. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  let exitCode = 0;
  const program = new Command("canada-post")
    .description("Canada Post web services from the command line: rates, labels, manifests, tracking.")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  const run: CommandRunner = async (options, body) => {
    const json = Boolean(options.json);
    let backend: Awaited<ReturnType<typeof openBackend>> | undefined;
    try {
      backend = await openBackend(io, options.lang);
      const out = await body(backend);
      io.stdout(json ? JSON.stringify(out.result, jsonBytes, 2) + "\n" : out.text);
    } catch (e) {
      exitCode = reportError(io, e, json);
    } finally {
      await backend?.close();
    }
  };

  let serving: Promise<void> | undefined;
  ratingCommands(program, run);
  trackingCommands(program, run);
  shipmentCommands(program, run);
  manifestCommands(program, run);
  simulatorCommand(program, io, (wait) => (serving = wait));

  try {
    await program.parseAsync(argv, { from: "user" });
    if (serving) await serving;
  } catch (e) {
    if (e instanceof CommanderError)
      return e.code === "commander.helpDisplayed" || e.code === "commander.version" ? 0 : e.exitCode || 2;
    return reportError(io, e, false);
  }
  return exitCode;
}

/** Buffers (labels, images) appear in JSON as their size, not as a byte dump. */
function jsonBytes(_key: string, value: unknown): unknown {
  if (value && typeof value === "object" && (value as { type?: string }).type === "Buffer") {
    return `<${((value as { data: unknown[] }).data ?? []).length} bytes>`;
  }
  return value;
}
