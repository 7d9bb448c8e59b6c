import closeWithGrace from "close-with-grace";
import { buildApp } from "./app.ts";
import { ConfigError, loadConfig } from "./config.ts";

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
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
