/**
 * Xero's field on `ConnectedAccount`: `xeroOrganisations`, the tenants (organisations, practices) the
 * user connected to the application (`GET /connections`, a plain array; docs/providers.md#xero).
 */
import { z } from 'zod';
import type { ProviderSchemaKit } from '../../schema/provider-kit.js';
import type { Owned } from '../../schema/shared-interfaces.js';

type XeroTenantType = 'ORGANISATION' | 'PRACTICEMANAGER' | 'PRACTICE';

const TENANT_TYPES: readonly string[] = ['ORGANISATION', 'PRACTICEMANAGER', 'PRACTICE'];

interface XeroOrganisation {
  readonly id: string;
  readonly connectionId: string;
  readonly authEventId: string | null;
  readonly name: string | null;
  readonly type: XeroTenantType;
  readonly connectedAt: string;
  readonly updatedAt: string;
}

/**
 * `2019-07-09T23:40:30.1833130`: Xero's UTC time without a zone and with seven fractional digits, as
 * ISO-8601 UTC with milliseconds; `null` when it is not a time.
 */
function xeroUtc(value: string): string | null {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)?$/.exec(value);
  if (!match) return null;
  const [, seconds, fraction = '', zone = 'Z'] = match;
  const time = Date.parse(`${seconds}.${fraction.padEnd(3, '0').slice(0, 3)}${zone}`);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

const utcSchema = z.string().transform((value, context) => {
  const time = xeroUtc(value);
  if (time === null) {
    context.addIssue({ code: 'custom', message: 'not a Xero UTC time' });
    return z.NEVER;
  }
  return time;
});

const connectionSchema = z
  .object({
    id: z.string(),
    authEventId: z.string().nullish(),
    tenantId: z.string(),
    tenantType: z.string(),
    tenantName: z.string().nullish(),
    createdDateUtc: utcSchema,
    updatedDateUtc: utcSchema,
  })
  // Xero documents ORGANISATION, PRACTICEMANAGER and PRACTICE; a future kind is left out rather than
  // mislabelled.
  .transform((connection): XeroOrganisation | null =>
    TENANT_TYPES.includes(connection.tenantType)
      ? {
          id: connection.tenantId,
          connectionId: connection.id,
          authEventId: connection.authEventId ?? null,
          name: connection.tenantName || null,
          type: connection.tenantType as XeroTenantType,
          connectedAt: connection.createdDateUtc,
          updatedAt: connection.updatedDateUtc,
        }
      : null,
  );

export function xeroSchema({
  builder,
  ConnectedAccount,
  plainListField,
  resolvePlainList,
}: ProviderSchemaKit): void {
  const XeroTenantTypeEnum = builder.enumType('XeroTenantType', {
    description: 'The kind of Xero tenant a connection gives access to.',
    values: {
      ORGANISATION: { value: 'ORGANISATION', description: 'A Xero organisation (its accounting, payroll…).' },
      PRACTICEMANAGER: { value: 'PRACTICEMANAGER', description: 'A Xero Practice Manager practice.' },
      PRACTICE: { value: 'PRACTICE', description: 'A Xero HQ practice (an accounting practice).' },
    } as const,
  });

  const XeroOrganisationRef = builder.objectRef<Owned<XeroOrganisation>>('XeroOrganisation').implement({
    description:
      'A Xero tenant (organisation or practice) the user connected to the application (`GET /connections`).',
    fields: (t) => ({
      id: t.exposeID('id', {
        description:
          "The tenant id: the organisation's own id, stable across reconnections, and the `xero-tenant-id` header of Xero's accounting calls.",
      }),
      connectionId: t.exposeID('connectionId', {
        description:
          'The id of the connection (this authorisation of the tenant): what disconnecting it (`DELETE /connections/{id}`) takes. It changes when the user reconnects.',
      }),
      authEventId: t.exposeID('authEventId', {
        nullable: true,
        description: 'Shared by the tenants connected in one consent.',
      }),
      name: t.exposeString('name', { nullable: true, description: 'The tenant name.' }),
      type: t.field({
        type: XeroTenantTypeEnum,
        description: 'Organisation or practice.',
        resolve: (organisation) => organisation.type,
      }),
      connectedAt: t.field({
        type: 'DateTime',
        description: 'When the user first connected the tenant to the application.',
        resolve: (organisation) => organisation.connectedAt,
      }),
      updatedAt: t.field({
        type: 'DateTime',
        description: 'When the user last connected it (later than `connectedAt` after a reconnection).',
        resolve: (organisation) => organisation.updatedAt,
      }),
    }),
  });

  builder.objectField(ConnectedAccount, 'xeroOrganisations', (t) =>
    t.field({
      ...plainListField(),
      type: [XeroOrganisationRef],
      description:
        "The Xero organisations and practices the user connected to the application, in Xero's order. Empty while the account holds only the identity scopes (`openid profile email offline_access`): a tenant is connected by granting a tenant scope such as `accounting.settings.read`. `null` on accounts of other providers.",
      resolve: (account, _args, context) =>
        resolvePlainList(context, account, 'xeroOrganisations', {
          path: '/connections',
          item: connectionSchema,
        }),
    }),
  );
}
