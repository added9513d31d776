/**
 * HubSpot's fields on `ConnectedAccount`: `hubspotContacts`, the contacts of the CRM the account's app is
 * installed in (`GET /crm/v3/objects/contacts`, docs/providers.md#hubspot).
 */
import { z } from 'zod';
import type { ProviderSchemaKit } from '../../schema/provider-kit.js';
import type { Owned } from '../../schema/shared-interfaces.js';

interface HubSpotContact {
  readonly id: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly email: string | null;
  readonly company: string | null;
  readonly phone: string | null;
  readonly jobTitle: string | null;
  readonly lifecycleStage: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * The contact properties asked for, by HubSpot's internal names. HubSpot answers only those (plus
 * `createdate`, `lastmodifieddate`, `hs_object_id`), each `null` when the contact has none.
 */
const CONTACT_PROPERTIES = [
  'firstname',
  'lastname',
  'email',
  'company',
  'phone',
  'jobtitle',
  'lifecyclestage',
] as const;

/** A property value: HubSpot answers `null` for one never set and `""` for one cleared. */
const text = z
  .string()
  .nullish()
  .transform((value) => value || null);

const contactSchema = z
  .object({
    id: z.string(),
    properties: z.object({
      firstname: text,
      lastname: text,
      email: text,
      company: text,
      phone: text,
      jobtitle: text,
      lifecyclestage: text,
    }),
    // ISO-8601 with `Z` (docs/providers.md#hubspot): a time without a zone, or no time, is not read
    // (it would be taken as the gateway's local time, or fail outside the shape check).
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .transform(
    (contact): HubSpotContact => ({
      id: contact.id,
      firstName: contact.properties.firstname,
      lastName: contact.properties.lastname,
      email: contact.properties.email,
      company: contact.properties.company,
      phone: contact.properties.phone,
      jobTitle: contact.properties.jobtitle,
      lifecycleStage: contact.properties.lifecyclestage,
      // HubSpot gives milliseconds and `Z` already; normalised anyway, so every time reads the same.
      createdAt: new Date(contact.createdAt).toISOString(),
      updatedAt: new Date(contact.updatedAt).toISOString(),
    }),
  );

export function hubspotSchema({
  builder,
  ConnectedAccount,
  connectionArgs,
  listField,
  resolveList,
}: ProviderSchemaKit): void {
  const HubSpotContactRef = builder.objectRef<Owned<HubSpotContact>>('HubSpotContact').implement({
    description: 'A contact in the HubSpot CRM the account connected (`GET /crm/v3/objects/contacts`).',
    fields: (t) => ({
      id: t.exposeID('id', { description: "HubSpot's record id of the contact (`hs_object_id`)." }),
      firstName: t.exposeString('firstName', {
        nullable: true,
        description: 'First name (`firstname`); `null` when not set.',
      }),
      lastName: t.exposeString('lastName', {
        nullable: true,
        description: 'Last name (`lastname`); `null` when not set.',
      }),
      email: t.exposeString('email', {
        nullable: true,
        description: 'Primary email address (`email`); `null` when not set.',
      }),
      company: t.exposeString('company', {
        nullable: true,
        description:
          'The company name typed on the contact (`company`), not an associated company record; `null` when not set.',
      }),
      phone: t.exposeString('phone', {
        nullable: true,
        description: 'Phone number (`phone`), as entered; `null` when not set.',
      }),
      jobTitle: t.exposeString('jobTitle', {
        nullable: true,
        description: 'Job title (`jobtitle`); `null` when not set.',
      }),
      lifecycleStage: t.exposeString('lifecycleStage', {
        nullable: true,
        description:
          "Lifecycle stage by HubSpot's internal value (`subscriber`, `lead`, `marketingqualifiedlead`, `salesqualifiedlead`, `opportunity`, `customer`, `evangelist`, `other`, or a portal's own); `null` when not set.",
      }),
      createdAt: t.field({
        type: 'DateTime',
        description: 'When the contact was created in HubSpot.',
        resolve: (contact) => contact.createdAt,
      }),
      updatedAt: t.field({
        type: 'DateTime',
        description: 'When any of its properties last changed.',
        resolve: (contact) => contact.updatedAt,
      }),
    }),
  });

  const HubSpotContactConnection = builder.connectionObject(
    { type: HubSpotContactRef, name: 'HubSpotContactConnection', description: 'A page of HubSpot contacts.' },
    { name: 'HubSpotContactEdge', description: 'A HubSpot contact and its cursor.' },
  );

  builder.objectField(ConnectedAccount, 'hubspotContacts', (t) =>
    t.field({
      ...listField(),
      type: HubSpotContactConnection,
      description:
        "The contacts of the account's HubSpot CRM (archived ones left out), in HubSpot's order. `null` on accounts of other providers. Needs `crm.objects.contacts.read`.",
      args: connectionArgs('contacts'),
      resolve: (account, args, context) =>
        resolveList(context, account, args, {
          field: 'hubspotContacts',
          request: {
            path: '/crm/v3/objects/contacts',
            query: { properties: CONTACT_PROPERTIES.join(','), archived: 'false' },
            itemsAt: 'results',
            item: contactSchema,
          },
        }),
    }),
  );
}
