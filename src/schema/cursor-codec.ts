/**
 * Opaque connection cursors. A cursor is a page position (or, for a list across accounts, every
 * account's position) signed with HMAC-SHA256 over the field, the account or user whose list it is and
 * the field's filter arguments, so a cursor we did not issue, or one issued for another account, user,
 * field or filter, is refused before any provider is called. The key derives from the Clerk
 * secret key (or `GATEWAY_CURSOR_SECRET`), so every instance and every restart accepts the same cursors.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { GatewayError } from '../errors.js';
import type { PageRef } from '../providers/page-styles.js';
import type { PagePosition } from '../providers/page-walker.js';

export interface CursorScope {
  /** `githubRepos`, `notionUsers`. */
  readonly field: string;
  /** Whose list it is: the account (`eac_…`), or the user (`user_…`) of a list across accounts. */
  readonly owner: string;
  /** A stable rendering of the filter arguments the cursor's list depends on. */
  readonly filters: string;
}

/** A position, and what the list pinned when it began (a calendar's default window), if anything. */
export type DecodedCursor = PagePosition<PageRef> & { readonly pinned?: string };

export interface CursorCodec {
  /** `pinned`: what later pages must reuse, though no argument says it (a default taken from the clock). */
  encode(scope: CursorScope, position: PagePosition<PageRef>, pinned?: string): string;
  /** Throws `BAD_USER_INPUT` for a cursor this gateway did not issue for `scope`. */
  decode(scope: CursorScope, cursor: string): DecodedCursor;
  /** Signs any JSON state (a list across accounts: where each account's unread items start). */
  seal(scope: CursorScope, state: unknown): string;
  /** The state `seal` signed for `scope`; throws `BAD_USER_INPUT` for any other cursor. */
  unseal(scope: CursorScope, cursor: string): unknown;
}

const MAX_CURSOR_LENGTH = 512;
/** A list across accounts keeps a provider position per account (Microsoft's run to a few hundred characters). */
const MAX_STATE_CURSOR_LENGTH = 16_384;
const MAC_BYTES = 18;

export function createCursorCodec(secret: string): CursorCodec {
  const key = Buffer.from(hkdfSync('sha256', secret, 'provider-graph', 'connection cursors v1', 32));
  const mac = (scope: CursorScope, payload: string) =>
    createHmac('sha256', key)
      .update(JSON.stringify([scope.field, scope.owner, scope.filters, payload]))
      .digest()
      .subarray(0, MAC_BYTES);

  const foreign = () =>
    new GatewayError(
      'BAD_USER_INPUT',
      'The `after` cursor was not issued by this field for this account and these arguments: use an `endCursor` or `cursor` from a previous answer.',
    );

  const seal = (scope: CursorScope, body: unknown) => {
    const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
    return `${payload}.${mac(scope, payload).toString('base64url')}`;
  };
  const unseal = (scope: CursorScope, cursor: string, maxLength: number): unknown => {
    if (cursor.length > maxLength) throw foreign();
    const [payload, signature, extra] = cursor.split('.');
    if (!payload || !signature || extra !== undefined) throw foreign();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== MAC_BYTES || !timingSafeEqual(given, mac(scope, payload))) throw foreign();
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  };

  return {
    encode(scope, position, pinned) {
      return seal(scope, {
        ...('end' in position ? { e: 1 } : { p: position.page, o: position.offset }),
        ...(pinned === undefined ? {} : { k: pinned }),
      });
    },

    decode(scope, cursor) {
      const body = unseal(scope, cursor, MAX_CURSOR_LENGTH) as {
        e?: 1;
        p?: PageRef;
        o?: number;
        k?: string;
      };
      const pinned = typeof body.k === 'string' ? { pinned: body.k } : {};
      if (body.e === 1) return { end: true, ...pinned };
      return { page: body.p ?? null, offset: body.o ?? 0, ...pinned };
    },

    seal,
    unseal: (scope, cursor) => unseal(scope, cursor, MAX_STATE_CURSOR_LENGTH),
  };
}
