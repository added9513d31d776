/**
 * DOM helpers. Every value from the gateway goes in as text (`append`, `setAttribute`), never as HTML:
 * names and descriptions come from the providers, written by anyone.
 */
import type { GatewayError } from './gateway';

type Child = Node | string | null | undefined | false;

/** An element with attributes and children; `null`, `undefined` and `false` children are left out. */
export function h<Tag extends keyof HTMLElementTagNameMap>(
  tag: Tag,
  attributes: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[Tag] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children.filter((child): child is Node | string => Boolean(child)));
  return element;
}

/**
 * A picture, or a coloured badge with the name's initial when there is none or it fails to load
 * (provider avatars often need a sign-in cookie, or the internet, which the sandbox does without).
 */
export function avatar(
  url: string | null | undefined,
  name: string,
  size: 'small' | 'large' = 'small',
): HTMLElement {
  const badge = h('span', { class: `avatar ${size} initial`, 'aria-hidden': 'true' }, initialOf(name));
  badge.style.setProperty('--hue', String(hueOf(name)));
  if (!url) return badge;
  const image = h('img', { class: `avatar ${size}`, src: url, alt: '', loading: 'lazy' });
  image.addEventListener('error', () => image.replaceWith(badge), { once: true });
  return image;
}

/** Shows a "loading" line in a section, and marks it busy for assistive technology. */
export function showLoading(section: HTMLElement, what: string): void {
  section.setAttribute('aria-busy', 'true');
  section.replaceChildren(h('p', { class: 'loading' }, `Loading ${what}…`));
}

export function doneLoading(section: HTMLElement): void {
  section.removeAttribute('aria-busy');
  section.querySelector(':scope > .loading')?.remove();
}

/**
 * The errors of a response, as a note in the section they concern: a failing account or field leaves
 * the rest of the page as it is.
 */
export function errorNotice(errors: readonly GatewayError[]): HTMLElement {
  return h(
    'div',
    { class: 'notice', role: 'status' },
    h(
      'strong',
      {},
      errors.length === 1 ? 'Something could not be loaded' : 'Some of this could not be loaded',
    ),
    h(
      'ul',
      {},
      ...errors.map(({ message, extensions }) =>
        h('li', {}, message, extensions?.code && h('code', {}, ` ${codeOf(extensions)}`)),
      ),
    ),
  );
}

/** "3 days ago", "last month": how long ago an ISO-8601 time was. */
export function timeAgo(iso: string, now = Date.now()): string {
  const seconds = (new Date(iso).getTime() - now) / 1000;
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['year', 365 * 24 * 3600],
    ['month', 30 * 24 * 3600],
    ['week', 7 * 24 * 3600],
    ['day', 24 * 3600],
    ['hour', 3600],
    ['minute', 60],
  ];
  const [unit, length] = units.find(([, length]) => Math.abs(seconds) >= length) ?? ['second', 1];
  return new Intl.RelativeTimeFormat('en', { numeric: 'auto' }).format(Math.round(seconds / length), unit);
}

/** `BAD_USER_INPUT · PERSISTED_DOCUMENT_NOT_FOUND`: the gateway's code, and its reason when it gives one. */
function codeOf(extensions: NonNullable<GatewayError['extensions']>): string {
  return [extensions.code, extensions.reason].filter(Boolean).join(' · ');
}

function initialOf(name: string): string {
  return (name.trim()[0] ?? '?').toUpperCase();
}

/** A stable colour per name, so that one provider's badges look alike. */
function hueOf(name: string): number {
  let hash = 0;
  for (const character of name) hash = (hash * 31 + (character.codePointAt(0) ?? 0)) % 360;
  return hash;
}
