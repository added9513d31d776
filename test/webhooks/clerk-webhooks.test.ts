/**
 * The Clerk webhook endpoint, driven with deliveries signed here the way Svix signs them (Standard
 * Webhooks: HMAC-SHA256 with the base64 key after `whsec_`, over `${id}.${timestamp}.${body}`, sent as
 * `v1,<base64>`), by node:crypto rather than the verifying library, so that the wire format is what is
 * tested. Clock times are real: the 5-minute tolerance is checked against `Date.now()`.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it, vi } from 'vitest';
import {
  CLERK_WEBHOOK_PATH,
  type ClerkWebhookOptions,
  createClerkWebhookHandler,
  createDeliveryMemory,
  MAX_WEBHOOK_BODY_BYTES,
  useClerkWebhooks,
} from '../../src/webhooks/clerk-webhooks.js';

const SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const URL_OF_ENDPOINT = `https://gateway.example.com${CLERK_WEBHOOK_PATH}`;

const USER_ID = 'user_29w83sxmDNGwOuEthce5gg56FcC';
const GITHUB_ACCOUNT = 'eac_2abcGithubAccount00000000';
const GOOGLE_ACCOUNT = 'eac_2abcGoogleAccount00000000';

/**
 * A `user.updated` event. Clerk's docs publish one full payload, for `user.created`
 * (https://clerk.com/docs/guides/development/webhooks/overview, "Payload structure"); `user.*` events
 * all carry the User object, so this is that example with its type changed, `event_attributes` as
 * @clerk/backend types it, and two linked accounts in the User object's JSON shape
 * (docs/clerk-backend-api.md#user-json-example): GitHub's `id` is its `eac_` id, Google's `id` is the
 * `idn_` id and its `eac_` id is in `external_account_id`.
 */
const USER_UPDATED = {
  data: {
    birthday: '',
    created_at: 1654012591514,
    email_addresses: [
      {
        email_address: 'example@example.org',
        id: 'idn_29w83yL7CwVlJXylYLxcslromF1',
        linked_to: [],
        object: 'email_address',
        verification: { status: 'verified', strategy: 'ticket' },
      },
    ],
    external_accounts: [
      {
        object: 'external_account',
        id: GITHUB_ACCOUNT,
        provider: 'oauth_github',
        identification_id: 'idn_2abcGithubIdent00000000000',
        provider_user_id: '583231',
        approved_scopes: 'read:user user:email repo',
        email_address: 'example@example.org',
        first_name: 'Example',
        last_name: 'Example',
        image_url: 'https://img.clerk.com/gh',
        username: 'octocat',
        phone_number: null,
        public_metadata: {},
        label: null,
        created_at: 1654012591514,
        updated_at: 1654012591514,
        verification: {
          object: 'verification_oauth',
          status: 'verified',
          strategy: 'oauth_github',
          attempts: null,
          expire_at: 1654013191514,
        },
      },
      {
        object: 'google_account',
        id: 'idn_2abcGoogleIdent00000000000',
        external_account_id: GOOGLE_ACCOUNT,
        identification_id: 'idn_2abcGoogleIdent00000000000',
        provider: 'oauth_google',
        provider_user_id: '102938475610293847561',
        google_id: '102938475610293847561',
        approved_scopes: 'email openid profile',
        email_address: 'example@example.org',
        first_name: 'Example',
        last_name: 'Example',
        username: null,
        phone_number: null,
        label: null,
        verification: { object: 'verification_oauth', status: 'verified', strategy: 'oauth_google' },
      },
    ],
    external_id: '567772',
    first_name: 'Example',
    gender: '',
    id: USER_ID,
    image_url: 'https://img.clerk.com/xxxxxx',
    last_name: 'Example',
    last_sign_in_at: 1654012591514,
    object: 'user',
    password_enabled: true,
    phone_numbers: [],
    primary_email_address_id: 'idn_29w83yL7CwVlJXylYLxcslromF1',
    primary_phone_number_id: null,
    primary_web3_wallet_id: null,
    private_metadata: {},
    profile_image_url: 'https://www.gravatar.com/avatar?d=mp',
    public_metadata: {},
    two_factor_enabled: false,
    unsafe_metadata: {},
    updated_at: 1654012591835,
    username: null,
    web3_wallets: [],
  },
  event_attributes: { http_request: { client_ip: '192.0.2.1', user_agent: 'Mozilla/5.0' } },
  instance_id: 'ins_123',
  object: 'event',
  timestamp: 1654012591835,
  type: 'user.updated',
};

/** `user.deleted` carries a deleted-object stub, not the User object. */
const USER_DELETED = {
  data: { deleted: true, id: USER_ID, object: 'user' },
  instance_id: 'ins_123',
  object: 'event',
  timestamp: 1661861640000,
  type: 'user.deleted',
};

interface Delivery {
  readonly id?: string;
  /** Seconds since the epoch, as sent. */
  readonly timestamp?: number;
  /** `svix` (Clerk today) or `webhook` (the Standard Webhooks names). */
  readonly headerNames?: 'svix' | 'webhook';
  readonly secret?: string;
  /** Headers left out, by their suffix (`id`, `timestamp`, `signature`). */
  readonly omit?: readonly string[];
}

function sign(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

function signedHeaders(body: string, delivery: Delivery = {}): Record<string, string> {
  const id = delivery.id ?? `msg_${randomBytes(12).toString('hex')}`;
  const timestamp = delivery.timestamp ?? Math.floor(Date.now() / 1000);
  const prefix = delivery.headerNames ?? 'svix';
  const values: Record<string, string> = {
    id,
    timestamp: String(timestamp),
    signature: sign(delivery.secret ?? SECRET, id, timestamp, body),
  };
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const [suffix, value] of Object.entries(values)) {
    if (!delivery.omit?.includes(suffix)) headers[`${prefix}-${suffix}`] = value;
  }
  return headers;
}

function webhookRequest(body: string, headers: Record<string, string>): Request {
  return new Request(URL_OF_ENDPOINT, { method: 'POST', headers, body });
}

function deliver(payload: object, delivery: Delivery = {}): Request {
  const body = JSON.stringify(payload);
  return webhookRequest(body, signedHeaders(body, delivery));
}

function setUp(overrides: Partial<ClerkWebhookOptions> = {}) {
  const evictUser = vi.fn(async (_userId: string, _options?: { keepAccounts?: readonly string[] }) => {});
  const memory = createDeliveryMemory();
  const firstDelivery = vi.fn(memory);
  const lines: { level: string; obj: object; msg: string }[] = [];
  const handler = createClerkWebhookHandler({
    signingSecret: SECRET,
    eviction: { evictUser },
    firstDelivery,
    logger: {
      info: (obj, msg) => lines.push({ level: 'info', obj, msg }),
      warn: (obj, msg) => lines.push({ level: 'warn', obj, msg }),
    },
    ...overrides,
  });
  return { handler, evictUser, firstDelivery, memory, lines };
}

async function expectRefused(response: Response) {
  expect(response.status).toBe(400);
  expect(await response.json()).toEqual({ error: 'invalid signature' });
}

describe('the Clerk webhook handler', () => {
  it('evicts the user on user.updated, keeping the tokens of the accounts still linked', async () => {
    const { handler, evictUser, lines } = setUp();
    const response = await handler(deliver(USER_UPDATED, { id: 'msg_updated' }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    // Google's `eac_` id comes from `external_account_id`: its `id` is the `idn_` id tokens are not under.
    expect(evictUser).toHaveBeenCalledTimes(1);
    expect(evictUser).toHaveBeenCalledWith(USER_ID, { keepAccounts: [GITHUB_ACCOUNT, GOOGLE_ACCOUNT] });
    expect(lines).toContainEqual({
      level: 'info',
      obj: { event: 'user.updated', userId: USER_ID, deliveryId: 'msg_updated' },
      msg: 'Clerk webhook: user evicted',
    });
  });

  it('keeps no token when the user unlinked every account', async () => {
    const { handler, evictUser } = setUp();
    const payload = { ...USER_UPDATED, data: { ...USER_UPDATED.data, external_accounts: [] } };
    expect((await handler(deliver(payload))).status).toBe(200);
    expect(evictUser).toHaveBeenCalledWith(USER_ID, { keepAccounts: [] });
  });

  it('evicts everything of the user on user.deleted', async () => {
    const { handler, evictUser } = setUp();
    const response = await handler(deliver(USER_DELETED));
    expect(response.status).toBe(200);
    expect(evictUser).toHaveBeenCalledTimes(1);
    expect(evictUser.mock.calls[0]).toEqual([USER_ID]);
  });

  it('accepts the Standard Webhooks header names (webhook-id, webhook-timestamp, webhook-signature)', async () => {
    const { handler, evictUser } = setUp();
    const response = await handler(deliver(USER_DELETED, { headerNames: 'webhook' }));
    expect(response.status).toBe(200);
    expect(evictUser).toHaveBeenCalledTimes(1);
  });

  it('acts on a redelivery (same svix-id, signed again later) once, and answers it 200', async () => {
    const { handler, evictUser, lines } = setUp();
    const first = await handler(deliver(USER_UPDATED, { id: 'msg_twice' }));
    const again = await handler(
      deliver(USER_UPDATED, { id: 'msg_twice', timestamp: Math.floor(Date.now() / 1000) + 60 }),
    );
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ ok: true });
    expect(evictUser).toHaveBeenCalledTimes(1);
    expect(lines.map((line) => line.msg)).toContain('Clerk webhook redelivered: ignored');
    expect((await handler(deliver(USER_UPDATED, { id: 'msg_other' }))).status).toBe(200);
    expect(evictUser).toHaveBeenCalledTimes(2);
  });

  describe('refuses with 400, changing nothing', () => {
    it('a signature made with another secret', async () => {
      const { handler, evictUser, firstDelivery } = setUp();
      const otherSecret = `whsec_${randomBytes(24).toString('base64')}`;
      await expectRefused(await handler(deliver(USER_DELETED, { secret: otherSecret })));
      expect(evictUser).not.toHaveBeenCalled();
      // A forged request does not use up the id of the real delivery.
      expect(firstDelivery).not.toHaveBeenCalled();
    });

    it('a body changed after signing', async () => {
      const { handler, evictUser } = setUp();
      const body = JSON.stringify(USER_UPDATED);
      const headers = signedHeaders(body);
      const changed = JSON.stringify({ ...USER_UPDATED, data: { ...USER_UPDATED.data, id: 'user_victim' } });
      await expectRefused(await handler(webhookRequest(changed, headers)));
      // Whitespace matters too: the HMAC is over the bytes sent, not over the parsed JSON.
      await expectRefused(await handler(webhookRequest(`${body} `, headers)));
      expect(evictUser).not.toHaveBeenCalled();
    });

    it('a delivery signed 6 minutes ago (a replay), or 6 minutes ahead', async () => {
      const { handler, evictUser } = setUp();
      const now = Math.floor(Date.now() / 1000);
      await expectRefused(await handler(deliver(USER_DELETED, { timestamp: now - 6 * 60 })));
      await expectRefused(await handler(deliver(USER_DELETED, { timestamp: now + 6 * 60 })));
      expect(evictUser).not.toHaveBeenCalled();
    });

    it('a delivery missing any of its headers', async () => {
      const { handler, evictUser } = setUp();
      for (const missing of ['id', 'timestamp', 'signature']) {
        await expectRefused(await handler(deliver(USER_DELETED, { omit: [missing] })));
      }
      await expectRefused(await handler(webhookRequest(JSON.stringify(USER_DELETED), {})));
      expect(evictUser).not.toHaveBeenCalled();
    });

    it('a signed body that is not JSON, without logging it', async () => {
      const { handler, evictUser, lines } = setUp();
      const body = 'not json: sk_live_secret';
      await expectRefused(await handler(webhookRequest(body, signedHeaders(body))));
      expect(evictUser).not.toHaveBeenCalled();
      expect(JSON.stringify(lines)).not.toContain('sk_live_secret');
    });
  });

  it('acknowledges an event type it does not act on (200) and does nothing', async () => {
    const { handler, evictUser, firstDelivery } = setUp();
    const sessionCreated = {
      data: { id: 'sess_123', object: 'session', user_id: USER_ID, status: 'active' },
      object: 'event',
      type: 'session.created',
    };
    for (const payload of [sessionCreated, { ...USER_UPDATED, type: 'user.created' }]) {
      const response = await handler(deliver(payload));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ ok: true });
    }
    expect(evictUser).not.toHaveBeenCalled();
    expect(firstDelivery).not.toHaveBeenCalled();
  });

  it('answers 500 when eviction fails, so that Svix retries, and acts on the retry', async () => {
    const { handler, evictUser, memory } = setUp();
    evictUser.mockRejectedValueOnce(new Error('Redis is failing'));
    const failed = await handler(deliver(USER_DELETED, { id: 'msg_retried' }));
    expect(failed.status).toBe(500);
    // Without forgetDelivery, the retry is taken for a redelivery of a handled delivery.
    const retried = await handler(deliver(USER_DELETED, { id: 'msg_retried' }));
    expect(retried.status).toBe(200);
    expect(evictUser).toHaveBeenCalledTimes(1);

    const withForget = setUp({ firstDelivery: memory, forgetDelivery: memory.forget });
    withForget.evictUser.mockRejectedValueOnce(new Error('Redis is failing'));
    expect((await withForget.handler(deliver(USER_DELETED, { id: 'msg_retried_2' }))).status).toBe(500);
    expect((await withForget.handler(deliver(USER_DELETED, { id: 'msg_retried_2' }))).status).toBe(200);
    expect(withForget.evictUser).toHaveBeenCalledTimes(2);
    expect(withForget.lines.map((line) => line.msg)).toContain('Clerk webhook failed: eviction');
  });

  it('answers 500 when the delivery memory fails, remembering nothing', async () => {
    const { handler, evictUser } = setUp({ firstDelivery: async () => Promise.reject(new Error('down')) });
    expect((await handler(deliver(USER_DELETED))).status).toBe(500);
    expect(evictUser).not.toHaveBeenCalled();
  });

  it('refuses a body over 1 MiB with 413 without verifying it', async () => {
    const { handler, evictUser, firstDelivery } = setUp();
    const padding = 'x'.repeat(MAX_WEBHOOK_BODY_BYTES);
    const large = JSON.stringify({ ...USER_DELETED, padding });
    const declared = await handler(webhookRequest(large, signedHeaders(large)));
    expect(declared.status).toBe(413);

    // Sent chunked, with no Content-Length: reading stops once past the limit.
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const chunked = new Request(URL_OF_ENDPOINT, {
      method: 'POST',
      headers: signedHeaders('irrelevant'),
      body: endless,
      duplex: 'half',
    } as RequestInit);
    expect((await handler(chunked)).status).toBe(413);
    expect(sent).toBeLessThan(MAX_WEBHOOK_BODY_BYTES + 4 * chunk.byteLength);
    expect(evictUser).not.toHaveBeenCalled();
    expect(firstDelivery).not.toHaveBeenCalled();

    // Exactly at the limit is still read and verified.
    const atLimit = JSON.stringify({ ...USER_DELETED, padding: '' });
    const padded = atLimit.replace(
      '"padding":""',
      `"padding":"${'x'.repeat(MAX_WEBHOOK_BODY_BYTES - atLimit.length)}"`,
    );
    expect(Buffer.byteLength(padded)).toBe(MAX_WEBHOOK_BODY_BYTES);
    expect((await handler(webhookRequest(padded, signedHeaders(padded)))).status).toBe(200);
  });

  it('never logs or answers with the secret, the body or a token', async () => {
    const { handler, lines } = setUp();
    const withToken = {
      ...USER_UPDATED,
      data: { ...USER_UPDATED.data, private_metadata: { note: 'gho_tokenThatMustNotLeak' } },
    };
    const answers = [
      await handler(deliver(withToken)),
      await handler(deliver(withToken, { secret: `whsec_${randomBytes(24).toString('base64')}` })),
    ];
    const texts = await Promise.all(answers.map((response) => response.text()));
    const everything = JSON.stringify(lines) + texts.join('');
    expect(everything).not.toContain(SECRET.slice('whsec_'.length));
    expect(everything).not.toContain('gho_tokenThatMustNotLeak');
    expect(everything).not.toContain('example@example.org');
  });

  it('refuses to start with a signing secret that is not whsec_…, without echoing it', () => {
    for (const signingSecret of ['', 'whsec_', 'sk_live_abcdef', 'whsec_not base64!']) {
      expect(() => setUp({ signingSecret })).toThrow(/whsec_… secret from the Clerk Dashboard/);
    }
    expect(() => setUp({ signingSecret: 'sk_live_abcdef' })).not.toThrow('sk_live_abcdef');
  });
});

describe('createDeliveryMemory', () => {
  it('says whether an id is new, forgetting the least recently seen beyond its bound', async () => {
    const firstDelivery = createDeliveryMemory(2);
    expect(await firstDelivery('a')).toBe(true);
    expect(await firstDelivery('b')).toBe(true);
    expect(await firstDelivery('a')).toBe(false);
    // `a` was seen last: `b` is the one that goes.
    expect(await firstDelivery('c')).toBe(true);
    expect(await firstDelivery('a')).toBe(false);
    expect(await firstDelivery('b')).toBe(true);
  });

  it('forgets an id on request', async () => {
    const firstDelivery = createDeliveryMemory();
    expect(await firstDelivery('a')).toBe(true);
    await firstDelivery.forget('a');
    expect(await firstDelivery('a')).toBe(true);
  });
});

describe('useClerkWebhooks', () => {
  function gateway(handler: ((request: Request) => Promise<Response>) | undefined) {
    return createYoga({
      schema: createSchema({
        typeDefs: 'type Query { hello: String }',
        resolvers: { Query: { hello: () => 'hi' } },
      }),
      landingPage: false,
      plugins: [useClerkWebhooks(handler)],
    });
  }

  it('answers POST /webhooks/clerk with the handler', async () => {
    const { handler, evictUser } = setUp();
    const response = await gateway(handler).fetch(deliver(USER_DELETED));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(evictUser).toHaveBeenCalledTimes(1);
  });

  it('verifies what came through Yoga, refusing a bad signature', async () => {
    const { handler, evictUser } = setUp();
    const response = await gateway(handler).fetch(
      deliver(USER_DELETED, { secret: `whsec_${'A'.repeat(32)}` }),
    );
    await expectRefused(response);
    expect(evictUser).not.toHaveBeenCalled();
  });

  it('answers 404 on the path when no handler is configured', async () => {
    const response = await gateway(undefined).fetch(deliver(USER_DELETED));
    expect(response.status).toBe(404);
  });

  it('answers 405 with Allow: POST to other methods on the path', async () => {
    const handler = vi.fn(async () => new Response());
    const yoga = gateway(handler);
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const response = await yoga.fetch(URL_OF_ENDPOINT, { method });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
    }
    expect(handler).not.toHaveBeenCalled();
  });

  it('lets other paths through', async () => {
    const handler = vi.fn(async () => new Response());
    const yoga = gateway(handler);
    const graphql = await yoga.fetch('https://gateway.example.com/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ hello }' }),
    });
    expect(await graphql.json()).toEqual({ data: { hello: 'hi' } });
    const nested = await yoga.fetch(`https://gateway.example.com${CLERK_WEBHOOK_PATH}/more`, {
      method: 'POST',
    });
    expect(nested.status).toBe(404);
    expect(handler).not.toHaveBeenCalled();
  });
});
