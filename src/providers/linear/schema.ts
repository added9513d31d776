/**
 * Linear's fields on `ConnectedAccount`: `linearIssues`, the issues assigned to the account's user
 * (`viewer.assignedIssues` through `POST /graphql`, docs/providers.md#linear, "Data endpoints").
 */
import { z } from 'zod';
import type { ProviderSchemaKit } from '../../schema/provider-kit.js';
import type { Owned } from '../../schema/shared-interfaces.js';

interface LinearIssue {
  readonly id: string;
  readonly identifier: string;
  readonly title: string;
  readonly url: string;
  readonly state: { readonly name: string; readonly type: string; readonly color: string };
  readonly team: { readonly id: string; readonly key: string; readonly name: string };
  readonly priority: number;
  readonly priorityLabel: string;
  readonly dueDate: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * The viewer's assigned issues, most recently updated first; `first` and `after` are the variables the
 * provider's cursor style fills in (`variables.first` at 250, `variables.after` from `endCursor`).
 */
const ASSIGNED_ISSUES_QUERY = `query AssignedIssues($first: Int, $after: String) {
  viewer {
    assignedIssues(first: $first, after: $after, orderBy: updatedAt) {
      nodes {
        id identifier title url priority priorityLabel dueDate createdAt updatedAt
        state { name type color }
        team { id key name }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

const issueSchema = z
  .object({
    id: z.string(),
    identifier: z.string(),
    title: z.string(),
    url: z.string(),
    // A `Float!` in Linear's schema holding 0–4.
    priority: z.number(),
    priorityLabel: z.string(),
    // A `TimelessDate`: `YYYY-MM-DD`.
    dueDate: z.string().nullish(),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
    state: z.object({ name: z.string(), type: z.string(), color: z.string() }),
    team: z.object({ id: z.string(), key: z.string(), name: z.string() }),
  })
  .transform(
    (issue): LinearIssue => ({
      id: issue.id,
      identifier: issue.identifier,
      title: issue.title,
      url: issue.url,
      state: issue.state,
      team: issue.team,
      priority: Math.round(issue.priority),
      priorityLabel: issue.priorityLabel,
      dueDate: issue.dueDate || null,
      createdAt: new Date(issue.createdAt).toISOString(),
      updatedAt: new Date(issue.updatedAt).toISOString(),
    }),
  );

export function linearSchema({
  builder,
  ConnectedAccount,
  connectionArgs,
  listField,
  resolveList,
}: ProviderSchemaKit): void {
  const LinearIssueStateRef = builder.objectRef<LinearIssue['state']>('LinearIssueState').implement({
    description: "The workflow state a Linear issue is in (its team's column).",
    fields: (t) => ({
      name: t.exposeString('name', { description: 'The name, as the team set it (`In Progress`).' }),
      type: t.exposeString('type', {
        description:
          "What the state means, whatever its name: Linear's `triage`, `backlog`, `unstarted`, `started`, `completed`, `canceled` or `duplicate`.",
      }),
      color: t.exposeString('color', { description: 'Its color, as a hex code (`#f2c94c`).' }),
    }),
  });

  const LinearTeamRef = builder.objectRef<LinearIssue['team']>('LinearTeam').implement({
    description: 'The Linear team an issue belongs to.',
    fields: (t) => ({
      id: t.exposeID('id', { description: "Linear's team id (a UUID)." }),
      key: t.exposeString('key', { description: 'The key that prefixes its identifiers (`ENG`).' }),
      name: t.exposeString('name', { description: 'The name.' }),
    }),
  });

  const LinearIssueRef = builder.objectRef<Owned<LinearIssue>>('LinearIssue').implement({
    description: "A Linear issue assigned to the account's user (`viewer.assignedIssues`).",
    fields: (t) => ({
      id: t.exposeID('id', { description: "Linear's issue id (a UUID)." }),
      identifier: t.exposeString('identifier', { description: 'The human-readable identifier (`ENG-123`).' }),
      title: t.exposeString('title', { description: 'The title.' }),
      state: t.field({
        type: LinearIssueStateRef,
        description: 'Its workflow state.',
        resolve: (issue) => issue.state,
      }),
      url: t.exposeString('url', { description: 'The issue on linear.app.' }),
      team: t.field({ type: LinearTeamRef, description: 'Its team.', resolve: (issue) => issue.team }),
      priority: t.exposeInt('priority', {
        description: '0 = no priority, 1 = urgent, 2 = high, 3 = medium, 4 = low.',
      }),
      priorityLabel: t.exposeString('priorityLabel', {
        description: 'The priority as Linear words it (`High`).',
      }),
      dueDate: t.exposeString('dueDate', {
        nullable: true,
        description: 'The day it is due (`YYYY-MM-DD`, no time of day); `null` when none is set.',
      }),
      createdAt: t.field({
        type: 'DateTime',
        description: 'When it was created.',
        resolve: (issue) => issue.createdAt,
      }),
      updatedAt: t.field({
        type: 'DateTime',
        description: 'When it last changed.',
        resolve: (issue) => issue.updatedAt,
      }),
    }),
  });

  const LinearIssueConnection = builder.connectionObject(
    { type: LinearIssueRef, name: 'LinearIssueConnection', description: 'A page of Linear issues.' },
    { name: 'LinearIssueEdge', description: 'A Linear issue and its cursor.' },
  );

  builder.objectField(ConnectedAccount, 'linearIssues', (t) =>
    t.field({
      ...listField(),
      type: LinearIssueConnection,
      description:
        "The Linear issues assigned to the account's user, done and canceled ones included, most recently updated first. `null` on accounts of other providers.",
      args: connectionArgs('issues'),
      resolve: (account, args, context) =>
        resolveList(context, account, args, {
          field: 'linearIssues',
          request: {
            method: 'POST',
            path: '/graphql',
            body: { query: ASSIGNED_ISSUES_QUERY },
            itemsAt: 'data.viewer.assignedIssues.nodes',
            item: issueSchema,
          },
        }),
    }),
  );
}
