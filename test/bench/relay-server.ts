/**
 * The floor any gateway pays for its extra process hop: a bare one-hop Node relay (DESIGN's "relay")
 * that forwards each request to Notion and hands back its answer, with no GraphQL, no session check,
 * no cache. `GET /<path>` is relayed as `GET <NOTION_API_URL>/<path>` with the caller's
 * `Authorization` and `Notion-Version`, over undici's pooled `request`, the client the gateway uses.
 *
 * Run by the benchmark as a child process with NODE_ENV=production, like the gateway; reads
 * NOTION_API_URL and PORT, listens on 127.0.0.1, answers `GET /health`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';

const notionApiUrl = process.env.NOTION_API_URL;
if (!notionApiUrl) {
  process.stderr.write('relay-server: NOTION_API_URL is required\n');
  process.exit(1);
}
const port = Number(process.env.PORT ?? 0);
const dispatcher = new Agent({ keepAliveTimeout: 10_000 });

const server = createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    return;
  }
  const headers: Record<string, string> = {};
  for (const name of ['authorization', 'notion-version']) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  request(`${notionApiUrl}${req.url ?? '/'}`, { method: 'GET', headers, dispatcher })
    .then(async (answer) => {
      const body = Buffer.from(await answer.body.arrayBuffer());
      res
        .writeHead(answer.statusCode, {
          'content-type': String(answer.headers['content-type'] ?? 'application/json'),
          'content-length': body.length,
        })
        .end(body);
    })
    .catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end(String(error));
    });
});

server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`relay listening on ${(server.address() as AddressInfo).port}\n`);
});
