import { describe, expect, it } from 'vitest';
import { parseLinkHeader } from '../../../src/http/link-header.js';

const page = (n: number) => `https://api.github.com/user/repos?per_page=100&page=${n}`;

describe('parseLinkHeader', () => {
  it("reads GitHub's first page: next and last", () => {
    const header = `<${page(2)}>; rel="next", <${page(3)}>; rel="last"`;

    expect(parseLinkHeader(header)).toEqual({ next: page(2), last: page(3) });
  });

  it("reads GitHub's middle page: next, last, first and prev", () => {
    const header = `<${page(3)}>; rel="next", <${page(3)}>; rel="last", <${page(1)}>; rel="first", <${page(1)}>; rel="prev"`;

    expect(parseLinkHeader(header)).toEqual({ next: page(3), last: page(3), first: page(1), prev: page(1) });
  });

  it("reads GitHub's last page, which has no next", () => {
    const header = `<${page(2)}>; rel="prev", <${page(1)}>; rel="first"`;

    const links = parseLinkHeader(header);

    expect(links).toEqual({ prev: page(2), first: page(1) });
    expect(links.next).toBeUndefined();
  });

  it('keeps the URL exactly, query string included', () => {
    const url = 'https://api.github.com/user/repos?visibility=all&affiliation=owner,collaborator&page=2';

    expect(parseLinkHeader(`<${url}>; rel="next"`).next).toBe(url);
  });

  it('accepts an unquoted rel', () => {
    expect(parseLinkHeader(`<${page(2)}>; rel=next, <${page(5)}>; rel=last`)).toEqual({
      next: page(2),
      last: page(5),
    });
  });

  it('gives the URL to every relation of a multi-valued rel', () => {
    expect(parseLinkHeader(`<${page(1)}>; rel="prev first"`)).toEqual({ prev: page(1), first: page(1) });
  });

  it('finds rel among other parameters, before or after it', () => {
    const header = `<${page(2)}>; type="application/json"; rel="next", <${page(5)}>; rel="last"; title="end"`;

    expect(parseLinkHeader(header)).toEqual({ next: page(2), last: page(5) });
  });

  it('reads the rel parameter name case-insensitively', () => {
    expect(parseLinkHeader(`<${page(2)}>; REL="next"`)).toEqual({ next: page(2) });
  });

  it('tolerates missing and extra whitespace', () => {
    expect(parseLinkHeader(`<${page(2)}>;rel="next",<${page(3)}>  ;  rel = "last"`)).toEqual({
      next: page(2),
      last: page(3),
    });
  });

  it('skips a link without a rel', () => {
    expect(parseLinkHeader(`<${page(9)}>; title="orphan", <${page(2)}>; rel="next"`)).toEqual({
      next: page(2),
    });
  });

  it.each([
    ['null', null],
    ['an empty string', ''],
    ['whitespace', '   '],
    ['text that is not a link', 'not a link header'],
  ])('returns no links for %s', (_name, value) => {
    expect(parseLinkHeader(value)).toEqual({});
  });
});
