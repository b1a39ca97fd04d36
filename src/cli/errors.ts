import { CommanderError } from "commander";
import { CanadaPostError, CanadaPostInputError, CanadaPostTransportError } from "../canada-post";
import type { CliIo } from "./io";

/** Prints an error the way a merchant can act on it, and returns the exit code. */
export function reportError(io: CliIo, e: unknown, json: boolean): number {
  if (e instanceof CommanderError) return e.exitCode;
  if (e instanceof CanadaPostError) {
    if (json) {
      io.stdout(
        JSON.stringify(
          { error: { status: e.status, operation: e.operation, messages: e.messages } },
          null,
          2,
        ) + "\n",
      );
    }
    const lines = e.messages.length
      ? e.messages.map((m) => `  ${m.code}: ${m.description}`)
      : [`  (no message) ${e.message}`];
    io.stderr(`Canada Post refused ${e.operation} (HTTP ${e.status}):\n${lines.join("\n")}\n`);
    return 1;
  }
  if (e instanceof CanadaPostInputError) {
    io.stderr(`Invalid input: ${e.message}\n`);
    return 2;
  }
  if (e instanceof CanadaPostTransportError) {
    io.stderr(`${e.message}\n`);
    return 3;
  }
  io.stderr(`${(e as Error)?.message ?? String(e)}\n`);
  return 1;
}
