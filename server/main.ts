import { networkInterfaces } from "node:os";
import closeWithGrace from "close-with-grace";
import { buildApp } from "./app.ts";
import { type Config, ConfigError, loadConfig } from "./config.ts";

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  const app = await buildApp(config);

  // SIGTERM/SIGINT: stop accepting, let in-flight requests finish, close the database.
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, "shutting down after an error");
    else app.log.info({ signal }, "shutting down");
    await app.close();
  });

  await app.listen({ host: config.host, port: config.port });
  const where = config.databaseUrl
    ? "PostgreSQL server"
    : `embedded PostgreSQL in ${config.dataDir}`;
  app.log.info(`РМС cabinet on ${config.publicOrigin} (${where})`);
  const fromDevices = addressesForOtherDevices(config);
  if (fromDevices.length > 0) {
    app.log.info(
      `open from another device (a phone on the same network): ${fromDevices.join(", ")}`,
    );
  }
}

/**
 * Where a phone on the same network reaches this server: the configured origins when PUBLIC_ORIGIN
 * is set, else the machine's non-loopback addresses when the server listens on all of them.
 */
function addressesForOtherDevices(config: Config): string[] {
  if (config.publicOrigins.length > 0) return config.publicOrigins;
  if (config.host !== "0.0.0.0" && config.host !== "::") return [];
  return Object.values(networkInterfaces())
    .flatMap((addresses) => addresses ?? [])
    .filter((address) => !address.internal)
    .filter((address) => address.family === "IPv4" || config.host === "::")
    .map((address) =>
      address.family === "IPv6"
        ? `http://[${address.address}]:${config.port}`
        : `http://${address.address}:${config.port}`,
    );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
