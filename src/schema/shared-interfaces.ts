/**
 * The concepts several providers share (README, "The graph"): `Repository`
 * (GitHub, GitLab, Bitbucket), `File` (Google Drive, OneDrive, Dropbox, Box) and `CalendarEvent` (Google,
 * Microsoft). Each provider's node type implements one and adds its own fields; a node carries the
 * account it came from, so it can be told apart in a list that mixes accounts.
 *
 * Conventions every implementation keeps: times are ISO-8601 in UTC (`…Z`); text the provider leaves
 * empty is `null`; `id` is the provider's own id.
 */
import type { EnumRef } from '@pothos/core';
import type { BuilderTypes, GatewayBuilder } from './builder.js';

/** Whose a node is: the kit adds it to every item a provider list answers. */
export interface AccountOwned {
  /** Clerk's external account id (`eac_…`). */
  readonly accountId: string;
  /** The provider's id (`github`). */
  readonly providerId: string;
}

export type Owned<T> = T & AccountOwned;

export interface RepositoryFields {
  readonly id: string;
  readonly name: string;
  /** `owner/name`, `group/subgroup/project`, `workspace/repo`. */
  readonly fullName: string;
  readonly description: string | null;
  readonly url: string;
  readonly isPrivate: boolean;
  readonly updatedAt: string;
}

export interface FileFields {
  readonly id: string;
  readonly name: string;
  readonly mimeType: string | null;
  readonly sizeBytes: number | null;
  readonly isFolder: boolean;
  readonly modifiedAt: string | null;
  readonly url: string | null;
}

export interface CalendarEventFields {
  readonly id: string;
  readonly title: string | null;
  /** An all-day event starts at 00:00Z of its first day. */
  readonly startsAt: string;
  /** Exclusive: an all-day event ends at 00:00Z of the day after its last. */
  readonly endsAt: string;
  readonly isAllDay: boolean;
  readonly location: string | null;
  readonly url: string | null;
}

/**
 * Adds the interfaces. `enumValueOf` gives a provider id's `Provider` value; taking it (and the enum)
 * as arguments keeps this module, which the provider kit's types need, apart from the registry.
 */
export function addSharedInterfaces(
  builder: GatewayBuilder,
  refs: {
    readonly ProviderEnum: EnumRef<BuilderTypes, string, string>;
    readonly enumValueOf: (providerId: string) => string;
  },
) {
  const { ProviderEnum, enumValueOf } = refs;
  const provider = {
    type: ProviderEnum,
    description: 'The provider of the account it came from.',
    resolve: (node: AccountOwned) => enumValueOf(node.providerId),
  };
  const accountDescription = 'The connected account it came from (`ConnectedAccount.id`, `eac_…`).';

  const Repository = builder.interfaceRef<Owned<RepositoryFields>>('Repository').implement({
    description: 'A source code repository, on any provider that has them (GitHub, GitLab, Bitbucket).',
    fields: (t) => ({
      id: t.exposeID('id', { description: "The provider's own id of the repository." }),
      name: t.exposeString('name', { description: 'Its name, without owner or namespace.' }),
      fullName: t.exposeString('fullName', {
        description: 'Its name with owner or namespace (`owner/name`, `group/subgroup/project`).',
      }),
      description: t.exposeString('description', { nullable: true, description: 'Its description.' }),
      url: t.exposeString('url', { description: 'Its page on the provider.' }),
      isPrivate: t.exposeBoolean('isPrivate', { description: 'Whether only invited people can see it.' }),
      updatedAt: t.field({
        type: 'DateTime',
        description: 'When it last changed, as the provider counts it.',
        resolve: (node) => node.updatedAt,
      }),
      provider: t.field(provider),
      accountId: t.exposeID('accountId', { description: accountDescription }),
    }),
  });

  const File = builder.interfaceRef<Owned<FileFields>>('File').implement({
    description:
      'A file or folder in cloud storage, on any provider that has them (Google Drive, OneDrive, Dropbox, Box).',
    fields: (t) => ({
      id: t.exposeID('id', { description: "The provider's own id of the file." }),
      name: t.exposeString('name', { description: 'Its name, with extension.' }),
      mimeType: t.exposeString('mimeType', {
        nullable: true,
        description: 'Its media type, when the provider says it; `null` for folders on most providers.',
      }),
      sizeBytes: t.exposeFloat('sizeBytes', {
        nullable: true,
        description:
          'Its size in bytes (a Float: files pass 2 GiB); `null` when the provider gives none (folders, native documents).',
      }),
      isFolder: t.exposeBoolean('isFolder', { description: 'Whether it is a folder.' }),
      modifiedAt: t.field({
        type: 'DateTime',
        nullable: true,
        description: 'When its content last changed.',
        resolve: (node) => node.modifiedAt,
      }),
      url: t.exposeString('url', { nullable: true, description: 'Where to open it in the provider.' }),
      provider: t.field(provider),
      accountId: t.exposeID('accountId', { description: accountDescription }),
    }),
  });

  const CalendarEvent = builder.interfaceRef<Owned<CalendarEventFields>>('CalendarEvent').implement({
    description: 'An event of a calendar, on any provider that has them (Google, Microsoft).',
    fields: (t) => ({
      id: t.exposeID('id', {
        description: "The provider's own id of the event (of the occurrence, for a recurring one).",
      }),
      title: t.exposeString('title', { nullable: true, description: 'Its title; `null` when it has none.' }),
      startsAt: t.field({
        type: 'DateTime',
        description: 'When it starts, in UTC; 00:00Z of its first day for an all-day event.',
        resolve: (node) => node.startsAt,
      }),
      endsAt: t.field({
        type: 'DateTime',
        description:
          'When it ends (exclusive), in UTC; 00:00Z of the day after its last for an all-day event.',
        resolve: (node) => node.endsAt,
      }),
      isAllDay: t.exposeBoolean('isAllDay', { description: 'Whether it lasts whole days, with no time.' }),
      location: t.exposeString('location', { nullable: true, description: 'Where it takes place.' }),
      url: t.exposeString('url', { nullable: true, description: 'Its page in the provider.' }),
      provider: t.field(provider),
      accountId: t.exposeID('accountId', { description: accountDescription }),
    }),
  });

  return { Repository, File, CalendarEvent };
}

export type SharedInterfaces = ReturnType<typeof addSharedInterfaces>;
