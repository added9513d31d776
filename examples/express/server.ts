/**
 * Runs the Express example: `npm run build`, then `npx tsx examples/express/server.ts` with the
 * gateway's environment (CLERK_SECRET_KEY and the rest, README "Configuration"); PORT defaults to 3000.
 */
import { ConfigError, createGateway, limitGlobalFetch, PROVIDERS, parseConfig } from 'provider-graph';
import { createApp } from './app.js';

let parsed: ReturnType<typeof parseConfig>;
try {
  parsed = parseConfig({ ...process.env, PORT: process.env.PORT || '3000' }, { providers: PROVIDERS });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
const { config } = parsed;
// The Clerk SDK calls the global fetch: bound it like the gateway's own calls (this app owns the process).
limitGlobalFetch(config.upstreamTimeoutMs);
const gateway = createGateway(config);
const server = createApp(gateway).listen(config.port, config.host, () => {
  process.stdout.write(`Express app on http://localhost:${config.port} (GraphQL at /graphql)\n`);
});

process.once('SIGTERM', () => {
  server.close(() => void gateway.close());
});
