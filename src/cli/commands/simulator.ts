import type { Command } from "commander";
import type { CliIo } from "../io";

/** `canada-post simulator`: the local Canada Post, until interrupted. */
export function simulatorCommand(program: Command, io: CliIo, done: (wait: Promise<void>) => void): void {
  program
    .command("simulator")
    .description("Start the local Canada Post simulator (credentials from CANADA_POST_* or the defaults)")
    .option("--port <n>", "port to listen on (default: 8090; 0 for any free port)", "8090")
    .option("--host <address>", "address to listen on", "127.0.0.1")
    .action(async (o: { port: string; host: string }) => {
      const port = Number(o.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new Error(`--port must be a port number (0-65535), got "${o.port}"`);
      }
      // Loaded here: the other commands never need the simulator or its PDF and barcode libraries.
      const { describeSimulator, settingsFromEnv, startSimulator } = await import("../../simulator/index.js");
      const settings = settingsFromEnv(io.env);
      const sim = await startSimulator({ port, host: o.host, settings });
      io.stdout(`${describeSimulator(sim.url, settings)}\n`);
      io.stdout(`Point the client at it with CANADA_POST_BASE_URL=${sim.url} (Ctrl-C to stop)\n`);
      done(
        new Promise<void>((resolve) => {
          const stop = () => {
            process.off("SIGINT", stop);
            process.off("SIGTERM", stop);
            void sim.close().then(resolve);
          };
          process.on("SIGINT", stop);
          process.on("SIGTERM", stop);
        }),
      );
    });
}
