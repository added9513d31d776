/**
 * `npm run dev`: the sandbox. Starts the emulator (Clerk and the providers) and the gateway on it, both
 * on 127.0.0.1, seeds a demo user and prints what a newcomer needs: the GraphQL URL and a session
 * header. It needs no configuration and reads no environment.
 */
import { createGateway } from './app.js';
import { parseConfig } from './config.js';
import { createEmulator } from './emulator/index.js';
import { SANDBOX_OIDC_CONNECTION, seedSandbox } from './emulator/sandbox-seed.js';
import { limitGlobalFetch } from './http/global-fetch.js';
import { closeOnSignals, listen, type RunningServer } from './listen.js';
import { createLogger } from './logger.js';
import { issuerVariableOf } from './providers/custom/manifest.js';
import { EMULATED_TWITCH_CLIENT_ID } from './providers/twitch/emulator.js';

export const SANDBOX_QUERY = `# The demo user Ada has an account on every provider Clerk supports: two on GitHub (one with
# 137 repositories), a Notion workspace, Google, Slack, … and a custom OIDC connection.
# Press the run button (or Ctrl+Enter). Then try githubRepos(first: 5, after: "<endCursor>"),
# or { providers { displayName fields { name requiredScopes } } } for the catalogue.
query Sandbox {
  me {
    id
    username
    primaryEmailAddress
    connectedAccounts {
      id
      provider
      label
      username
      approvedScopes
      profile { name email url source }
      githubRepos(first: 5) {
        edges { node { fullName isPrivate language stargazerCount } }
        pageInfo { hasNextPage endCursor }
      }
      notionUsers(first: 10) {
        edges { node { name type email } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}
`;

const PREFERRED_PORT = 4000;
const HOST = '127.0.0.1';

const emulator = await createEmulator();
const demo = seedSandbox(emulator);
const { config } = parseConfig({
  ...emulator.gatewayEnv(),
  HOST,
  GATEWAY_LOG_LEVEL: 'warn',
  // Twitch takes the application's client id on every call; the emulated Twitch knows this one.
  GATEWAY_TWITCH_CLIENT_ID: EMULATED_TWITCH_CLIENT_ID,
  [issuerVariableOf(SANDBOX_OIDC_CONNECTION)]:
    `${emulator.baseUrl('custom')}/${SANDBOX_OIDC_CONNECTION.slice('custom_'.length)}`,
});
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
});

const server = await listenPreferring(PREFERRED_PORT);
const graphqlUrl = `${server.url}/graphql`;
process.stdout.write(
  [
    '',
    'Provider Graph sandbox is running (emulated Clerk and providers; nothing leaves this machine).',
    '',
    `GraphQL:  ${graphqlUrl}   (open it in a browser for GraphiQL, session header filled in)`,
    `Emulator: ${emulator.url}`,
    `Demo user: ${demo.user.id} (valid for this run)`,
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
closeOnSignals(server, logger, async () => {
  await gateway.close();
  await emulator.close();
});

/** Port 4000 when it is free, any free port otherwise: a second sandbox still starts. */
async function listenPreferring(port: number): Promise<RunningServer> {
  try {
    return await listen(gateway.handle, { port, host: HOST });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    return listen(gateway.handle, { port: 0, host: HOST });
  }
}
