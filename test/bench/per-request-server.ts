/**
 * The per-request pattern of Clerk's docs (seed/social-connections-oauth.md, the Express `/user` example),
 * as a plain `node:http` server: on every request it verifies the session token, asks Clerk's Backend API
 * for the user's Notion token, calls Notion's `GET /v1/users` with it and returns Notion's JSON.
 *
 * Run by the benchmark as a child process, so it gets its own event loop like a real server, and with
 * NODE_ENV=production like the gateway (`npm start`). Reads CLERK_SECRET_KEY, CLERK_API_URL, CLERK_JWT_KEY,
 * NOTION_API_URL and PORT; listens on 127.0.0.1 with `GET /user` (the example's route) and `GET /health`.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClerkClient, verifyToken } from '@clerk/backend';

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    process.stderr.write(`per-request-server: ${name} is required\n`);
    process.exit(1);
  }
  return value;
}

const secretKey = required('CLERK_SECRET_KEY');
const apiUrl = required('CLERK_API_URL');
const jwtKey = required('CLERK_JWT_KEY');
const notionApiUrl = required('NOTION_API_URL');
const port = Number(process.env.PORT ?? 0);

// Telemetry off, as in the gateway: there is no internet here, and it is no part of the pattern.
const clerkClient = createClerkClient({ secretKey, apiUrl, telemetry: { disabled: true } });

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function handleUser(authorization: string | undefined, res: ServerResponse): Promise<void> {
  // `getAuth(req)` in the Express example: networkless verification with the instance's PEM key.
  const sessionToken = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
  let userId: string | undefined;
  if (sessionToken) {
    try {
      userId = (await verifyToken(sessionToken, { jwtKey })).sub;
    } catch {
      userId = undefined;
    }
  }
  if (!userId) {
    sendJson(res, 401, { error: 'User not authenticated' });
    return;
  }

  const clerkResponse = await clerkClient.users.getUserOauthAccessToken(userId, 'notion');
  const accessToken = clerkResponse.data[0]?.token ?? '';
  if (!accessToken) {
    sendJson(res, 401, { error: 'Access token not found' });
    return;
  }

  const notionResponse = await fetch(`${notionApiUrl}/v1/users`, {
    headers: { Authorization: `Bearer ${accessToken}`, 'Notion-Version': '2022-06-28' },
  });
  const notionData: unknown = await notionResponse.json();
  sendJson(res, 200, notionData);
}

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health') {
    sendJson(res, 200, { ok: true });
    return;
  }
  if (req.method !== 'GET' || req.url !== '/user') {
    sendJson(res, 404, { error: 'Not found' });
    return;
  }
  handleUser(req.headers.authorization, res).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    if (!res.headersSent) sendJson(res, 500, { error: message });
  });
});
server.keepAliveTimeout = 5_000;

server.listen(port, '127.0.0.1', () => {
  const { port: chosen } = server.address() as AddressInfo;
  process.stdout.write(
    `per-request server listening on http://127.0.0.1:${chosen} (GET /user, GET /health)\n`,
  );
});

process.on('SIGTERM', () => process.exit(0));
