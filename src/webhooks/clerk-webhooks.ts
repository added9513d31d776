/**
 * `POST /webhooks/clerk`: Clerk tells the gateway that a user changed or was deleted, so that every
 * instance drops what it cached of that user (the user record, and the tokens of accounts the user
 * unlinked) at once instead of serving them until their TTL runs out. Nothing else listens to Clerk's
 * events, so the endpoint only ever deletes: a forged or replayed event could at worst cost a refetch.
 * Still, only a verified event is acted on: Clerk signs each delivery through Svix (Standard Webhooks),
 * and the payload is "unsafe until you validate the incoming webhook"
 * (https://clerk.com/docs/guides/development/webhooks/overview).
 */
import { type UserWebhookEvent, verifyWebhook, type WebhookEvent } from '@clerk/backend/webhooks';
import type { Plugin } from 'graphql-yoga';
import type { UserEviction } from '../cache/cache-store.js';
import type { WebhookOutcome } from '../observability/telemetry.js';

export type { UserEviction } from '../cache/cache-store.js';

export const CLERK_WEBHOOK_PATH = '/webhooks/clerk';

/** A Clerk event is a user object at most (a few KiB); anything this large is not one. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

export interface ClerkWebhookOptions {
  /** The endpoint's signing secret from the Clerk Dashboard (`whsec_…`). */
  readonly signingSecret: string;
  readonly eviction: UserEviction;
  /** Remembers a delivery id (svix-id / webhook-id); resolves false when it was already seen (a redelivery). */
  readonly firstDelivery: (deliveryId: string) => Promise<boolean>;
  /**
   * Forgets a delivery id again after its eviction failed, so that Svix's retry of it is acted on
   * rather than dropped as a redelivery. Without it, that retry is answered 200 and does nothing.
   */
  readonly forgetDelivery?: (deliveryId: string) => Promise<void>;
  readonly logger?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  /** Told what became of each delivery, and its event type once verified (metrics). */
  readonly onOutcome?: (outcome: WebhookOutcome, eventType: string | null) => void;
}

type WebhookHandler = (request: Request) => Promise<Response>;

/** The delivery headers verifyWebhook reads, with their Standard Webhooks names (same values). */
const DELIVERY_HEADERS = [
  ['svix-id', 'webhook-id'],
  ['svix-timestamp', 'webhook-timestamp'],
  ['svix-signature', 'webhook-signature'],
] as const;

/** Answers one request to CLERK_WEBHOOK_PATH. */
export function createClerkWebhookHandler(options: ClerkWebhookOptions): WebhookHandler {
  checkSigningSecret(options.signingSecret);
  const { eviction, firstDelivery, forgetDelivery, logger } = options;
  const told = options.onOutcome ?? (() => {});

  return async (request) => {
    const body = await readBounded(request, MAX_WEBHOOK_BODY_BYTES);
    if (body === undefined) {
      logger?.warn({ limitBytes: MAX_WEBHOOK_BODY_BYTES }, 'Clerk webhook refused: body too large');
      told('refused', null);
      return answer(413, { error: 'payload too large' }, { connection: 'close' });
    }

    const signed = signedRequest(request, body);
    const deliveryId = signed.headers.get('svix-id') ?? '';
    let event: WebhookEvent;
    try {
      // verifyWebhook reads the body itself, as text, and checks the HMAC over exactly those bytes
      // (`${id}.${timestamp}.${body}`) and that the timestamp is within 5 minutes of now, either way
      // (standardwebhooks 1.x, WEBHOOK_TOLERANCE_IN_SECONDS), so a captured delivery cannot be replayed
      // later. The JSON acted on below is the one it parsed from the verified text.
      // https://clerk.com/docs/reference/backend/verify-webhook
      event = await verifyWebhook(signed, { signingSecret: options.signingSecret });
    } catch {
      // The error's message is not logged: a payload that fails to parse would put the body in it.
      logger?.warn({ deliveryId: deliveryId.slice(0, 100) }, 'Clerk webhook refused: invalid signature');
      told('refused', null);
      return answer(400, { error: 'invalid signature' });
    }

    // Subscribing the endpoint to more events than these is harmless: they are acknowledged, so that
    // Svix does not retry them, and ignored.
    if (!isActionable(event)) {
      told('ignored', event.type);
      return answer(200, { ok: true });
    }
    const userId = typeof event.data.id === 'string' ? event.data.id : undefined;
    const logged = { event: event.type, userId, deliveryId };
    if (userId === undefined) {
      logger?.warn(logged, 'Clerk webhook ignored: no user id');
      told('ignored', event.type);
      return answer(200, { ok: true });
    }

    // Svix delivers at least once: a retry after a lost answer, or a replay from the Dashboard, carries
    // the same svix-id as the delivery already handled; Svix advises deduplicating by it
    // (https://docs.svix.com/idempotency#receiving-idempotency-deduplication). Only after verification,
    // so that a forged request cannot use up a real delivery's id.
    let first: boolean;
    try {
      first = await firstDelivery(deliveryId);
    } catch (error) {
      logger?.warn({ ...logged, err: errorSummary(error) }, 'Clerk webhook failed: delivery memory');
      told('failed', event.type);
      return answer(500, { error: 'internal error' });
    }
    if (!first) {
      logger?.info(logged, 'Clerk webhook redelivered: ignored');
      told('redelivered', event.type);
      return answer(200, { ok: true });
    }

    try {
      if (event.type === 'user.updated') {
        // The user record goes; so do the tokens of accounts no longer linked. Tokens of accounts the
        // user still has stay: they are still valid, and refetching them all would only cost Clerk calls.
        await eviction.evictUser(userId, { keepAccounts: linkedAccountIds(event.data) });
      } else {
        await eviction.evictUser(userId);
      }
    } catch (error) {
      // A 5xx makes Svix retry on its schedule (https://docs.svix.com/retries); for that retry to be
      // acted on, the delivery must not stay remembered.
      await forgetDelivery?.(deliveryId).catch(() => {});
      logger?.warn({ ...logged, err: errorSummary(error) }, 'Clerk webhook failed: eviction');
      told('failed', event.type);
      return answer(500, { error: 'eviction failed' });
    }
    logger?.info(logged, 'Clerk webhook: user evicted');
    told('evicted', event.type);
    return answer(200, { ok: true });
  };
}

/**
 * A Yoga plugin (onRequest) that answers POST /webhooks/clerk with the handler, 404 for it when `handler`
 * is undefined (no signing secret configured), 405 for other methods on that path; other paths pass
 * through. The request never reaches GraphQL parsing, CSRF prevention or the session check: Svix sends
 * none of what those expect, and the signature is its authentication.
 */
export function useClerkWebhooks(handler: WebhookHandler | undefined): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      if (url.pathname !== CLERK_WEBHOOK_PATH) return;
      if (handler === undefined) return endResponse(answer(404, { error: 'not found' }));
      if (request.method !== 'POST') {
        return endResponse(answer(405, { error: 'method not allowed' }, { allow: 'POST' }));
      }
      try {
        endResponse(await handler(request));
      } catch {
        endResponse(answer(500, { error: 'internal error' }));
      }
    },
  };
}

/**
 * An in-process `firstDelivery` bounded to `max` ids (LRU), for a gateway without Redis. Its `forget`
 * serves as `forgetDelivery`.
 */
export function createDeliveryMemory(
  max = 10_000,
): ((deliveryId: string) => Promise<boolean>) & { forget(deliveryId: string): Promise<void> } {
  // A Map iterates in insertion order: re-inserting an id on every sight keeps the oldest first.
  const seen = new Map<string, true>();
  const remember = async (deliveryId: string) => {
    const known = seen.delete(deliveryId);
    seen.set(deliveryId, true);
    while (seen.size > max) {
      const oldest = seen.keys().next().value;
      if (oldest === undefined) break;
      seen.delete(oldest);
    }
    return !known;
  };
  return Object.assign(remember, {
    forget: async (deliveryId: string) => {
      seen.delete(deliveryId);
    },
  });
}

/** A missing or malformed secret is a configuration mistake: found at start, not as 400s to Clerk. */
function checkSigningSecret(secret: string): void {
  const key = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(secret)?.[1];
  if (key === undefined || Buffer.from(key, 'base64').length === 0) {
    throw new Error('The Clerk webhook signing secret must be the whsec_… secret from the Clerk Dashboard');
  }
}

function isActionable(event: WebhookEvent): event is UserWebhookEvent {
  return event.type === 'user.updated' || event.type === 'user.deleted';
}

/**
 * The `eac_` ids of the accounts still linked (`user.*` events carry the User object); an entry without
 * one is skipped, so its tokens go. A Google or Facebook account carries the `eac_` id its tokens are
 * cached under in `external_account_id`, and its `idn_` id in `id`
 * (docs/clerk-backend-api.md#external-accounts).
 */
function linkedAccountIds(user: { readonly external_accounts?: unknown }): string[] {
  const accounts = user.external_accounts;
  if (!Array.isArray(accounts)) return [];
  return accounts.flatMap((account: { id?: unknown; external_account_id?: unknown }) => {
    const id = account?.external_account_id || account?.id;
    return typeof id === 'string' && id !== '' ? [id] : [];
  });
}

/**
 * The body, read up to `maxBytes` (a `Content-Length` over it refuses without reading; a chunked body
 * stops being read once past it); `undefined` when too large.
 */
async function readBounded(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxBytes) return undefined;
  if (request.body === null) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > maxBytes) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/**
 * The request verifyWebhook is given: the body's bytes unchanged, and the delivery headers under the
 * `svix-*` names, the only ones @clerk/backend 3.25's verifyWebhook reads; a sender using the Standard
 * Webhooks names (`webhook-*`, same values) is verified the same way.
 */
function signedRequest(request: Request, body: Uint8Array<ArrayBuffer>): Request {
  const headers = new Headers();
  for (const [svixName, standardName] of DELIVERY_HEADERS) {
    const value = request.headers.get(svixName) ?? request.headers.get(standardName);
    if (value !== null) headers.set(svixName, value);
  }
  return new Request(request.url, { method: 'POST', headers, body });
}

function answer(status: number, body: object, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers });
}

/** What a log line keeps of a failure: its kind and message, never request data. */
function errorSummary(error: unknown): object {
  return error instanceof Error ? { type: error.name, message: error.message } : { type: typeof error };
}
