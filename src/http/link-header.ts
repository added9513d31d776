/**
 * RFC 8288 `Link` header parsing, in one place (as Octokit's paginate plugin does): GitHub announces
 * pagination as `<url>; rel="next", <url>; rel="last"`, and the next page is whatever `rel="next"` says.
 */
export function parseLinkHeader(value: string | null): Record<string, string> {
  const links: Record<string, string> = {};
  if (!value) return links;
  for (const match of value.matchAll(/<([^>]*)>\s*((?:;\s*[^;,]+)*)/g)) {
    const [, url, params] = match;
    const rel = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(params ?? '')?.[1];
    if (!url || !rel) continue;
    for (const name of rel.trim().split(/\s+/)) links[name] = url;
  }
  return links;
}
