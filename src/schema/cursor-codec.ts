/**
 * Opaque connection cursors. A cursor is a page position signed with HMAC-SHA256 over the field, the
 * account and the field's filter arguments, so a cursor we did not issue, or one issued for another
 * account, field or filter, is refused before any provider is called. The key derives from the Clerk
 * secret key (or `GATEWAY_CURSOR_SECRET`), so every instance and every restart accepts the same cursors.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { GatewayError } from '../errors.js';
import type { PageRef } from '../providers/page-styles.js';
import type { PagePosition } from '../providers/page-walker.js';

export interface CursorScope {
  /** `githubRepos`, `notionUsers`. */
  readonly field: string;
  readonly accountId: string;
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
}

const MAX_CURSOR_LENGTH = 512;
const MAC_BYTES = 18;

export function createCursorCodec(secret: string): CursorCodec {
  const key = Buffer.from(hkdfSync('sha256', secret, 'provider-graph', 'connection cursors v1', 32));
  const mac = (scope: CursorScope, payload: string) =>
    createHmac('sha256', key)
      .update(JSON.stringify([scope.field, scope.accountId, scope.filters, payload]))
      .digest()
      .subarray(0, MAC_BYTES);

  const foreign = () =>
    new GatewayError(
      'BAD_USER_INPUT',
      'The `after` cursor was not issued by this field for this account and these arguments: use an `endCursor` or `cursor` from a previous answer.',
    );

  return {
    encode(scope, position, pinned) {
      const body = {
        ...('end' in position ? { e: 1 } : { p: position.page, o: position.offset }),
        ...(pinned === undefined ? {} : { k: pinned }),
      };
      const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
      return `${payload}.${mac(scope, payload).toString('base64url')}`;
    },

    decode(scope, cursor) {
      if (cursor.length > MAX_CURSOR_LENGTH) throw foreign();
      const [payload, signature, extra] = cursor.split('.');
      if (!payload || !signature || extra !== undefined) throw foreign();
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== MAC_BYTES || !timingSafeEqual(given, mac(scope, payload))) throw foreign();
      const body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
        e?: 1;
        p?: PageRef;
        o?: number;
        k?: string;
      };
      const pinned = typeof body.k === 'string' ? { pinned: body.k } : {};
      if (body.e === 1) return { end: true, ...pinned };
      return { page: body.p ?? null, offset: body.o ?? 0, ...pinned };
    },
  };
}
