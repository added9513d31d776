/**
 * `npm run dev`: the sandbox. Starts the emulator (Clerk and the providers, on 127.0.0.1) and the
 * gateway on it, seeds a demo user and prints what a newcomer needs: the GraphQL URL and a session
 * header. It needs no configuration; it reads `PORT` and `HOST` as `npm start` does (default: port
 * 4000 on 127.0.0.1, or the next free port when 4000 is taken and `PORT` is unset). Development only:
 * it is not part of the built package.
 */
import { createGateway, type Gateway } from './app.js';
import { ConfigError, parseConfig } from './config.js';
import { createEmulator } from './emulator/index.js';
import { SANDBOX_OIDC_CONNECTION, seedSandbox } from './emulator/sandbox-seed.js';
import { limitGlobalFetch } from './http/global-fetch.js';
import { closeOnSignals, listen, type RunningServer } from './listen.js';
import { createLogger } from './logger.js';
import { issuerVariableOf } from './providers/custom/provider.js';
import { PROVIDERS } from './providers/index.js';
import { EMULATED_TWITCH_CLIENT_ID } from './providers/twitch/emulator.js';
import { SANDBOX_QUERY } from './sandbox-query.js';

const DEFAULT_PORT = 4000;
/** How many ports after 4000 are tried before any free one. */
const PORT_TRIES = 20;
const DEFAULT_HOST = '127.0.0.1';
const SANDBOX_SESSION_PATH = '/sandbox/session';

const emulator = await createEmulator();
const demo = seedSandbox(emulator);
const config = sandboxConfig();
limitGlobalFetch(config.upstreamTimeoutMs);
const logger = createLogger(config.logLevel);
const authorization = `Bearer ${demo.sessionToken}`;
const gateway = createGateway(config, {
  logger,
  graphiql: {
    title: 'Provider Graph sandbox',
    defaultQuery: SANDBOX_QUERY,
    headers: JSON.stringify({ Authorization: authorization }, null, 2),
  },
  // With GATEWAY_TRUSTED_DOCUMENTS (a frontend's persisted documents), GraphiQL still runs anything.
  allowArbitraryDocuments: true,
});
const handle = withDemoSession(gateway.handle, demo.sessionToken);

const server =
  process.env.PORT === undefined || process.env.PORT === ''
    ? await listenFrom(DEFAULT_PORT)
    : await listen(handle, { port: config.port, host: config.host });
const graphqlUrl = `${server.url}/graphql`;
process.stdout.write(
  [
    '',
    'Provider Graph sandbox is running (emulated Clerk and providers; nothing leaves this machine).',
    '',
    `GraphQL:  ${graphqlUrl}   (open it in a browser for GraphiQL, session header filled in)`,
    `Emulator: ${emulator.url}`,
    `Demo user: ${demo.user.id} (valid for this run; its session token also at ${server.url}${SANDBOX_SESSION_PATH})`,
    '',
    `Authorization: ${authorization}`,
    '',
    'Try:',
    `  curl -s ${graphqlUrl} -H 'content-type: application/json' \\`,
    `    -H 'Authorization: ${authorization}' \\`,
    `    -d '{"query":"{ me { username connectedAccounts { provider label githubRepos(first: 3) { edges { node { fullName } } } } } }"}'`,
    '',
    'Stop with Ctrl+C.',
    '',
  ].join('\n'),
);
closeOnSignals(server, logger, {
  onClose: async () => {
    await gateway.close();
    await emulator.close();
  },
});

/** The gateway's configuration for the emulator, with the operator's `PORT` and `HOST`. */
function sandboxConfig() {
  try {
    return parseConfig(
      {
        ...emulator.gatewayEnv(),
        PORT: process.env.PORT,
        HOST: process.env.HOST || DEFAULT_HOST,
        GATEWAY_LOG_LEVEL: 'warn',
        // A frontend's persisted documents (examples/web), besides anything GraphiQL sends.
        GATEWAY_TRUSTED_DOCUMENTS: process.env.GATEWAY_TRUSTED_DOCUMENTS,
        // Twitch takes the application's client id on every call; the emulated Twitch knows this one.
        GATEWAY_TWITCH_CLIENT_ID: EMULATED_TWITCH_CLIENT_ID,
        [issuerVariableOf(SANDBOX_OIDC_CONNECTION)]:
          `${emulator.baseUrl('custom')}/${SANDBOX_OIDC_CONNECTION.slice('custom_'.length)}`,
      },
      { providers: PROVIDERS },
    ).config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

/** The first free port from `port` on (4000, 4001, …): a second sandbox still starts; any free one at last. */
async function listenFrom(port: number): Promise<RunningServer> {
  for (let candidate = port; candidate < port + PORT_TRIES; candidate++) {
    try {
      return await listen(handle, { port: candidate, host: config.host });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    }
  }
  return listen(handle, { port: 0, host: config.host });
}

/**
 * `GET /sandbox/session` answers the demo user's session token (`{"token": …}`), so that a frontend
 * run against the sandbox (examples/web) signs in as the demo user without Clerk. Sandbox only: the
 * sandbox listens on 127.0.0.1 and is not part of the built package, so `npm start` never serves it.
 */
function withDemoSession(next: Gateway['handle'], sessionToken: string): Gateway['handle'] {
  return (request, response) => {
    if (request.url !== SANDBOX_SESSION_PATH) return next(request, response);
    response.writeHead(request.method === 'GET' ? 200 : 405, {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      'access-control-allow-origin': '*',
    });
    response.end(request.method === 'GET' ? JSON.stringify({ token: sessionToken }) : undefined);
  };
}
