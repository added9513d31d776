/**
 * The page: who is signed in, their connected accounts, the repositories of all of them in one list,
 * and the people of their Notion workspaces. Each part is its own operation, loaded in parallel, so one
 * that fails (or is slow) leaves the others be.
 */
import './style.css';
import { createGatewayClient, type GatewayClient, gatewayUrlOf } from './gateway';
import type { Provider, WebNotionPeopleQuery, WebRepositoriesQuery, WebViewerQuery } from './gql/graphql';
import { NotionPeopleQuery, RepositoriesQuery, ViewerQuery } from './queries';
import { connectSession } from './session';
import { avatar, doneLoading, errorNotice, h, showLoading, timeAgo } from './view';

type Account = NonNullable<WebViewerQuery['me']>['connectedAccounts'][number];
type Repository = NonNullable<
  NonNullable<WebRepositoriesQuery['me']>['repositories']
>['edges'][number]['node'];

type NotionPerson = NonNullable<
  NonNullable<WebNotionPeopleQuery['me']>['connectedAccounts'][number]['notionUsers']
>['edges'][number]['node'];

/** What the viewer's answer tells the other parts: providers' names and the accounts by id. */
interface Directory {
  providerName(provider: Provider): string;
  account(id: string): Account | undefined;
}

const sections = {
  viewer: elementById('viewer', HTMLElement),
  accounts: elementById('accounts', HTMLDivElement),
  repositories: elementById('repositories', HTMLDivElement),
  notion: elementById('notion-people', HTMLDivElement),
};

void start();

async function start(): Promise<void> {
  const gatewayUrl = gatewayUrlOf(window.location);
  let execute: GatewayClient;
  try {
    execute = createGatewayClient(
      gatewayUrl,
      await connectSession(gatewayUrl, elementById('sign-in', HTMLDivElement)),
    );
  } catch (error) {
    sections.viewer.replaceChildren(
      errorNotice([
        { message: `Could not sign in: ${error instanceof Error ? error.message : String(error)}` },
      ]),
    );
    return;
  }
  const directory = loadViewer(execute);
  void loadRepositories(execute, directory);
  void loadNotionPeople(execute);
}

async function loadViewer(execute: GatewayClient): Promise<Directory> {
  showLoading(sections.viewer, 'your profile');
  showLoading(sections.accounts, 'your connected accounts');
  const { data, errors } = await execute(ViewerQuery, {});
  const providerNames = new Map(data?.providers.map((entry) => [entry.provider, entry.displayName]));
  const directory: Directory = {
    providerName: (provider) => providerNames.get(provider) ?? provider,
    account: (id) => data?.me?.connectedAccounts.find((account) => account.id === id),
  };
  doneLoading(sections.viewer);
  doneLoading(sections.accounts);

  const me = data?.me;
  if (me) {
    const name = [me.firstName, me.lastName].filter(Boolean).join(' ') || me.username || 'Signed in';
    sections.viewer.append(
      avatar(me.imageUrl, name, 'large'),
      h(
        'div',
        {},
        h('h1', {}, name),
        h(
          'p',
          { class: 'muted' },
          [me.username && `@${me.username}`, me.primaryEmailAddress].filter(Boolean).join(' · '),
        ),
      ),
    );
    sections.accounts.append(
      me.connectedAccounts.length === 0
        ? h('p', { class: 'muted' }, 'No connected accounts yet: connect one in your Clerk profile.')
        : h(
            'ul',
            { class: 'cards', 'aria-label': 'Connected accounts' },
            ...me.connectedAccounts.map((account) => accountCard(account, directory)),
          ),
    );
  }
  if (errors) sections.viewer.append(errorNotice(errors));
  return directory;
}

function accountCard(account: Account, directory: Directory): HTMLLIElement {
  // A custom OIDC connection is better told by its key (`oauth_custom_acme`) than by "Custom OIDC".
  const provider =
    account.provider === 'CUSTOM'
      ? account.providerKey.replace(/^oauth_custom_/, '')
      : directory.providerName(account.provider);
  const handle = account.username ? `@${account.username}` : account.emailAddress;
  // Two lines per card keep two dozen accounts on one screen; the email shows on hover.
  return h(
    'li',
    { class: 'card', ...(account.emailAddress ? { title: account.emailAddress } : {}) },
    avatar(account.imageUrl, provider),
    h(
      'div',
      {},
      h('strong', {}, provider, account.label && h('span', { class: 'tag' }, account.label)),
      handle && h('span', { class: 'muted small' }, handle),
    ),
  );
}

/** The merged list, 8 at a time; "More repositories" appends the next page after `endCursor`. */
async function loadRepositories(execute: GatewayClient, directory: Promise<Directory>): Promise<void> {
  showLoading(sections.repositories, 'your repositories');
  const list = h('ul', { class: 'repositories', 'aria-label': 'Repositories' });
  const notices = h('div');
  const more = h('button', { type: 'button', hidden: '' }, 'More repositories');
  let after: string | null = null;

  const loadPage = async () => {
    more.disabled = true;
    more.textContent = 'Loading…';
    const [{ data, errors }, names] = await Promise.all([execute(RepositoriesQuery, { after }), directory]);
    const connection = data?.me?.repositories;
    if (connection) {
      list.append(...connection.edges.map(({ node }) => repositoryItem(node, names)));
      after = connection.pageInfo.endCursor;
      more.hidden = !connection.pageInfo.hasNextPage;
      if (list.childElementCount === 0) {
        list.append(h('li', { class: 'muted' }, 'No repositories in your accounts.'));
      }
    }
    // An account that failed is named in `errors` and skipped on this page only: the next one retries it.
    notices.replaceChildren(...(errors ? [errorNotice(errors)] : []));
    more.disabled = false;
    more.textContent = 'More repositories';
  };
  more.addEventListener('click', () => void loadPage());

  await loadPage();
  doneLoading(sections.repositories);
  sections.repositories.append(list, notices, more);
}

function repositoryItem(repository: Repository, directory: Directory): HTMLLIElement {
  const account = directory.account(repository.accountId);
  const source = [directory.providerName(repository.provider), account?.username && `@${account.username}`];
  return h(
    'li',
    {},
    h(
      'div',
      { class: 'repository-title' },
      h('a', { href: repository.url, target: '_blank', rel: 'noopener' }, repository.fullName),
      repository.isPrivate && h('span', { class: 'tag' }, 'Private'),
    ),
    repository.description && h('p', {}, repository.description),
    h(
      'p',
      { class: 'muted small' },
      `${source.filter(Boolean).join(' ')} · updated `,
      h('time', { datetime: repository.updatedAt }, timeAgo(repository.updatedAt)),
    ),
  );
}

async function loadNotionPeople(execute: GatewayClient): Promise<void> {
  showLoading(sections.notion, 'Notion people');
  const { data, errors } = await execute(NotionPeopleQuery, {});
  doneLoading(sections.notion);
  const workspaces = data?.me?.connectedAccounts ?? [];
  if (data?.me && workspaces.length === 0) {
    sections.notion.append(h('p', { class: 'muted' }, 'No Notion workspace connected.'));
  }
  for (const workspace of workspaces) {
    const owner = workspace.label ?? (workspace.username ? `@${workspace.username}` : workspace.id);
    const people = workspace.notionUsers?.edges.map(({ node }) => node) ?? [];
    sections.notion.append(
      h('h3', {}, `Workspace of ${owner}`),
      h(
        'ul',
        { class: 'cards people', 'aria-label': `Notion people of ${owner}` },
        ...people.map(personCard),
      ),
    );
  }
  if (errors) sections.notion.append(errorNotice(errors));
}

function personCard(person: NotionPerson): HTMLLIElement {
  return h(
    'li',
    { class: 'card' },
    avatar(person.avatarUrl, person.name ?? '?'),
    h(
      'div',
      {},
      h('strong', {}, person.name ?? 'Unnamed', person.type === 'BOT' && h('span', { class: 'tag' }, 'Bot')),
      person.email && h('span', { class: 'muted small' }, person.email),
    ),
  );
}

function elementById<Type extends HTMLElement>(id: string, type: new () => Type): Type {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`index.html has no #${id} (${type.name})`);
  return element;
}
