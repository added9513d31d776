/**
 * Atlassian's field on `ConnectedAccount`: `atlassianSites`, the Jira and Confluence sites the token
 * reaches (`GET /oauth/token/accessible-resources`, a plain array; docs/providers.md#atlassian).
 */
import { z } from 'zod';
import type { ProviderSchemaKit } from '../../schema/provider-kit.js';
import type { Owned } from '../../schema/shared-interfaces.js';

interface AtlassianSite {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  readonly scopes: readonly string[];
  readonly avatarUrl: string | null;
}

const siteSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    url: z.string(),
    scopes: z.array(z.string()),
    avatarUrl: z.string().nullish(),
  })
  .transform(
    (site): AtlassianSite => ({
      id: site.id,
      name: site.name,
      url: site.url,
      scopes: site.scopes,
      avatarUrl: site.avatarUrl || null,
    }),
  );

/**
 * One node per site: entries that share a cloud id (one per product, as some report for an app with
 * both Jira and Confluence scopes; unverified) become one, with every scope once, so an id names one
 * node.
 */
function oneEntryPerSite(sites: readonly Owned<AtlassianSite>[]): Owned<AtlassianSite>[] {
  const byId = new Map<string, Owned<AtlassianSite>>();
  for (const site of sites) {
    const seen = byId.get(site.id);
    byId.set(site.id, seen ? { ...seen, scopes: [...new Set([...seen.scopes, ...site.scopes])] } : site);
  }
  return [...byId.values()];
}

export function atlassianSchema({
  builder,
  ConnectedAccount,
  plainListField,
  resolvePlainList,
}: ProviderSchemaKit): void {
  const AtlassianSiteRef = builder.objectRef<Owned<AtlassianSite>>('AtlassianSite').implement({
    description:
      'An Atlassian cloud site (a Jira or Confluence instance) the token may call (`GET /oauth/token/accessible-resources`).',
    fields: (t) => ({
      id: t.exposeID('id', {
        description:
          "The site's cloud id: the `{cloudId}` of `https://api.atlassian.com/ex/jira/{cloudId}/…` and `…/ex/confluence/{cloudId}/…` calls.",
      }),
      name: t.exposeString('name', { description: 'The site name (usually its subdomain).' }),
      url: t.exposeString('url', { description: 'The site, e.g. `https://your-domain.atlassian.net`.' }),
      scopes: t.exposeStringList('scopes', {
        description: 'The scopes the token holds on this site (what it may do there).',
      }),
      avatarUrl: t.exposeString('avatarUrl', { nullable: true, description: "The site's avatar." }),
    }),
  });

  builder.objectField(ConnectedAccount, 'atlassianSites', (t) =>
    t.field({
      ...plainListField(),
      type: [AtlassianSiteRef],
      description:
        "The Atlassian sites this account authorised the application on, in Atlassian's order. Empty until the account granted a product scope (Jira, Confluence): `read:me` alone reaches no site. `null` on accounts of other providers.",
      resolve: async (account, _args, context) => {
        const sites = await resolvePlainList(context, account, 'atlassianSites', {
          path: '/oauth/token/accessible-resources',
          item: siteSchema,
        });
        return sites === null ? null : oneEntryPerSite(sites);
      },
    }),
  );
}
