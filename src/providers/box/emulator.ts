/**
 * The Box API as the gateway uses it: `GET /users/me` (with `?fields=`), Box's empty-bodied 401 and its
 * JSON error envelope (docs/providers.md#box, "Errors").
 */
import { type EmulatorReply, type EmulatorRequest, jsonReply } from '../../emulator/http-router.js';
import type { StoredAccount } from '../../emulator/identity-store.js';
import { createBearerApiEmulator, type ProviderEmulatorFactory } from '../../emulator/provider-emulator.js';

/** Box's answer to a missing, invalid, expired or revoked token: the reason is in this header only. */
export const BOX_INVALID_TOKEN_CHALLENGE =
  'Bearer realm="Service", error="invalid_token", error_description="The access token provided is invalid."';

/** Every error but the 401: `{type, status, code, help_url, message, request_id}`. */
function boxError(
  request: EmulatorRequest,
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): EmulatorReply {
  const body = {
    type: 'error',
    status,
    code,
    help_url: 'http://developers.box.com/docs/#errors',
    message,
    request_id: request.id.replaceAll('-', '').slice(0, 12),
  };
  return jsonReply(status, body, headers);
}

export const createBoxEmulator: ProviderEmulatorFactory = (deps) =>
  createBearerApiEmulator(
    {
      id: 'box',
      jsonContentType: 'application/json',
      unauthorized: () => ({ status: 401, headers: { 'www-authenticate': BOX_INVALID_TOKEN_CHALLENGE } }),
      rateLimited: (request, retryAfterSeconds) =>
        boxError(request, 429, 'rate_limit_exceeded', 'Request rate limit exceeded, please try again later', {
          'retry-after': String(retryAfterSeconds),
        }),
      notFound: (request) => boxError(request, 404, 'not_found', 'Not Found'),
      routes: (router) =>
        router.get('/users/me', 'box.getMe', (request, account) =>
          jsonReply(200, selectFields(userJson(account), request.query.fields)),
        ),
    },
    deps,
  );

/** `?fields=a,b`: only those fields, plus `type` and `id`, which Box always returns. */
function selectFields(user: Record<string, unknown>, fields: string | undefined): Record<string, unknown> {
  if (fields === undefined) return user;
  const wanted = new Set(['type', 'id', ...fields.split(',').map((field) => field.trim())]);
  return Object.fromEntries(Object.entries(user).filter(([field]) => wanted.has(field)));
}

/** Box's timestamps: seconds and an offset. */
function boxTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** The shape of the `/users/me` example of docs/providers.md#box ("Profile"), from the stored account. */
function userJson(account: StoredAccount): Record<string, unknown> {
  const name = [account.firstName, account.lastName].filter(Boolean).join(' ');
  return {
    type: 'user',
    id: account.providerUserId,
    name: name || account.username || account.email || '',
    login: account.email ?? '',
    created_at: boxTime(account.createdAt),
    modified_at: boxTime(account.updatedAt),
    language: 'en',
    timezone: 'America/Los_Angeles',
    space_amount: 10_737_418_240,
    space_used: 0,
    max_upload_size: 2_147_483_648,
    status: 'active',
    job_title: '',
    phone: '',
    address: '',
    avatar_url: account.imageUrl,
  };
}

/** What the emulator loads for this provider (by convention: the default export of `emulator.ts`). */
export default createBoxEmulator;
