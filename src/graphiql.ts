/**
 * GraphiQL served by the gateway itself: the page and all its assets come from
 * `@graphql-yoga/render-graphiql` (no CDN, so it works offline), and the page is sent with a strict
 * Content-Security-Policy that allows exactly its one inline script, by hash.
 */
import { createHash } from 'node:crypto';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { Plugin } from 'graphql-yoga';

export interface GraphiQLSettings {
  readonly title: string;
  readonly defaultQuery?: string;
  /** JSON of the request headers GraphiQL starts with, e.g. the sandbox's `Authorization`. */
  readonly headers?: string;
}

type RenderOptions = Parameters<typeof renderGraphiQL>[0];

export function createGraphiQLRenderer() {
  // The page only changes with its settings, which are fixed for the life of the gateway.
  let rendered: { html: string; policy: string } | undefined;

  function render(options: RenderOptions): string {
    const html = renderGraphiQL(options);
    if (rendered?.html !== html) rendered = { html, policy: contentSecurityPolicyOf(html) };
    return html;
  }

  /** Adds the policy to GraphiQL pages rendered by `render`. */
  const plugin: Plugin = {
    onResponse({ response }) {
      if (!response.headers.get('content-type')?.startsWith('text/html')) return;
      if (rendered) response.headers.set('content-security-policy', rendered.policy);
      response.headers.set('x-content-type-options', 'nosniff');
      response.headers.set('referrer-policy', 'no-referrer');
    },
  };

  return { render, plugin };
}

function contentSecurityPolicyOf(html: string): string {
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
    ([, body]) =>
      `'sha256-${createHash('sha256')
        .update(body ?? '')
        .digest('base64')}'`,
  );
  return [
    "default-src 'none'",
    `script-src ${scripts.join(' ')}`,
    // Monaco, GraphiQL's editor, sets inline styles and runs its language services in blob: workers.
    "style-src 'unsafe-inline'",
    'worker-src blob:',
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
