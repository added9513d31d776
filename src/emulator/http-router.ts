/**
 * A tiny router over `node:http` for the emulator: routes match a method and a path pattern with
 * `:params`; handlers return a reply description that the server writes with the conventions of the
 * service it belongs to (its JSON content type, headers every response carries).
 */
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';

/** `clerk`, or a provider id (`github`, `linkedin_oidc`, `custom_acme`…): the path prefix of the service. */
export type ServiceName = string;

/** What a handler sees of a request. `path` is relative to the service prefix (`/v1/users`). */
export interface EmulatorRequest {
  /** Random id of this request (Notion's `x-notion-request-id`, Clerk's `clerk_trace_id`). */
  readonly id: string;
  readonly method: string;
  readonly path: string;
  /** The query as sent, in order, with repeated keys. */
  readonly searchParams: URLSearchParams;
  /** The first value of each query parameter. */
  readonly query: Readonly<Record<string, string>>;
  readonly params: Readonly<Record<string, string>>;
  readonly headers: IncomingHttpHeaders;
  /** A header's value (`undefined` when absent), repeated headers joined with `, `. */
  header(name: string): string | undefined;
  /** The request body as text (`''` for none), read up to a bound. */
  readonly body: string;
}

/** A response description. `json` is serialized with the service's JSON content type; `text` goes as is. */
export interface EmulatorReply {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
  text?: string;
}

export type RouteHandler = (request: EmulatorRequest) => EmulatorReply | Promise<EmulatorReply>;

export interface RouteMatch {
  readonly name: string;
  readonly params: Record<string, string>;
  readonly handler: RouteHandler;
}

export interface Router {
  /** Adds a GET route. Routes are tried in the order they were added, so add static paths first. */
  get(pattern: string, name: string, handler: RouteHandler): Router;
  post(pattern: string, name: string, handler: RouteHandler): Router;
  match(method: string, path: string): RouteMatch | undefined;
  routeNames(): string[];
}

/** One emulated API: its routes and its wire conventions. */
export interface EmulatedService {
  readonly name: ServiceName;
  readonly router: Router;
  /** Clerk's SDK parses only the bare `application/json`; GitHub and Notion add `; charset=utf-8`. */
  readonly jsonContentType: string;
  /** Headers every response of the service carries, canned fault answers included. */
  responseHeaders(request: EmulatorRequest): Record<string, string>;
  /** The answer to a path no route matches. */
  notFound(request: EmulatorRequest): EmulatorReply;
  /** Who a call concerns, for the call log and fault matching: Clerk's path user, a provider token's account. */
  identify(request: EmulatorRequest): { userId?: string; accountId?: string };
}

interface Route {
  readonly method: string;
  readonly name: string;
  readonly segments: string[];
  readonly handler: RouteHandler;
}

export function createRouter(): Router {
  const routes: Route[] = [];
  const router: Router = {
    get(pattern, name, handler) {
      routes.push({ method: 'GET', name, segments: pattern.split('/'), handler });
      return router;
    },
    post(pattern, name, handler) {
      routes.push({ method: 'POST', name, segments: pattern.split('/'), handler });
      return router;
    },
    match(method, path) {
      const segments = path.split('/');
      for (const route of routes) {
        if (route.method !== method) continue;
        const params = matchSegments(route.segments, segments);
        if (params) return { name: route.name, params, handler: route.handler };
      }
      return undefined;
    },
    routeNames() {
      return routes.map((route) => route.name);
    },
  };
  return router;
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, expected] of pattern.entries()) {
    const segment = actual[index] ?? '';
    if (expected.startsWith(':')) {
      if (segment === '') return undefined;
      params[expected.slice(1)] = safeDecode(segment);
    } else if (expected !== segment) {
      return undefined;
    }
  }
  return params;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function firstValues(searchParams: URLSearchParams): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of searchParams) {
    if (!(key in query)) query[key] = value;
  }
  return query;
}

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

export function jsonReply(status: number, json: unknown, headers?: Record<string, string>): EmulatorReply {
  return headers ? { status, json, headers } : { status, json };
}

export function textReply(status: number, text: string, contentType: string): EmulatorReply {
  return { status, text, headers: { 'content-type': contentType } };
}

/** The bytes and headers of a reply, before they are written (fault injection may still truncate the body). */
export interface SerializedReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function serializeReply(
  reply: EmulatorReply,
  jsonContentType: string,
  baseHeaders: Record<string, string>,
): SerializedReply {
  const headers: Record<string, string> = { ...baseHeaders };
  let body = '';
  if (reply.json !== undefined) {
    headers['content-type'] = jsonContentType;
    body = JSON.stringify(reply.json);
  } else if (reply.text !== undefined) {
    headers['content-type'] = 'text/plain; charset=utf-8';
    body = reply.text;
  }
  for (const [name, value] of Object.entries(reply.headers ?? {})) headers[name.toLowerCase()] = value;
  return { status: reply.status, headers, body };
}

export function writeReply(res: ServerResponse, reply: SerializedReply): void {
  const body = Buffer.from(reply.body, 'utf8');
  res.writeHead(reply.status, { ...reply.headers, 'content-length': String(body.length) });
  res.end(body);
}
