/**
 * The `q` and `orderBy` parameters of Drive's `GET /drive/v3/files`, as far as the emulator answers
 * them (docs/providers.md#google, "Drive files"; https://developers.google.com/drive/api/guides/ref-search-terms):
 *
 * - `q`: terms joined by `and`, `or`, `not` and parentheses; the terms `trashed`, `starred` (`=`, `!=`
 *   `true`/`false`), `'<id>' in parents`, `name` and `mimeType` (`=`, `!=`, `contains`), `modifiedTime`
 *   and `createdTime` (`=`, `!=`, `<`, `<=`, `>`, `>=` an RFC 3339 time), with `\'` and `\\` escapes in
 *   strings. Anything else is refused, as Drive refuses what it cannot read ("Invalid Value").
 * - `orderBy`: Drive's sort keys, each ascending unless followed by `desc`.
 */
import type { DriveFileJson } from './drive-fixtures.js';
import { FOLDER_MIME_TYPE } from './drive-fixtures.js';

export class DriveQueryError extends Error {}

type Token =
  | { kind: 'string'; value: string }
  | { kind: 'word'; value: string }
  | { kind: 'op'; value: string }
  | { kind: 'paren'; value: '(' | ')' };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const char = text[at] ?? '';
    if (/\s/.test(char)) {
      at++;
    } else if (char === "'") {
      let value = '';
      at++;
      for (;;) {
        const next = text[at];
        if (next === undefined) throw new DriveQueryError('unterminated string');
        if (next === '\\') {
          value += text[at + 1] ?? '';
          at += 2;
        } else if (next === "'") {
          at++;
          break;
        } else {
          value += next;
          at++;
        }
      }
      tokens.push({ kind: 'string', value });
    } else if (char === '(' || char === ')') {
      tokens.push({ kind: 'paren', value: char });
      at++;
    } else if ('=!<>'.includes(char)) {
      const two = text.slice(at, at + 2);
      const op = ['!=', '<=', '>='].includes(two) ? two : char;
      if (op === '!') throw new DriveQueryError('bad operator');
      tokens.push({ kind: 'op', value: op });
      at += op.length;
    } else {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(at));
      if (!match) throw new DriveQueryError(`unexpected ${char}`);
      tokens.push({ kind: 'word', value: match[0] });
      at += match[0].length;
    }
  }
  return tokens;
}

export type FilePredicate = (file: DriveFileJson) => boolean;

/** Reads `q`; throws `DriveQueryError` on anything the emulator does not know. */
export function parseDriveQuery(q: string): FilePredicate {
  const tokens = tokenize(q);
  let at = 0;
  const peek = () => tokens[at];
  const isWord = (value: string) => {
    const token = peek();
    return token?.kind === 'word' && token.value.toLowerCase() === value;
  };

  function expression(): FilePredicate {
    let left = conjunction();
    while (isWord('or')) {
      at++;
      const right = conjunction();
      const before = left;
      left = (file) => before(file) || right(file);
    }
    return left;
  }
  function conjunction(): FilePredicate {
    let left = negation();
    while (isWord('and')) {
      at++;
      const right = negation();
      const before = left;
      left = (file) => before(file) && right(file);
    }
    return left;
  }
  function negation(): FilePredicate {
    if (isWord('not')) {
      at++;
      const inner = negation();
      return (file) => !inner(file);
    }
    const token = peek();
    if (token?.kind === 'paren' && token.value === '(') {
      at++;
      const inner = expression();
      const closing = tokens[at++];
      if (closing?.kind !== 'paren' || closing.value !== ')') throw new DriveQueryError('missing )');
      return inner;
    }
    return term();
  }
  function term(): FilePredicate {
    const first = tokens[at++];
    const second = tokens[at++];
    const third = tokens[at++];
    if (!first || !second || !third) throw new DriveQueryError('incomplete term');
    if (first.kind === 'string' && second.kind === 'word' && second.value === 'in') {
      if (third.kind !== 'word' || third.value !== 'parents') throw new DriveQueryError('bad in');
      return (file) => file.parents?.includes(first.value) ?? false;
    }
    if (first.kind !== 'word') throw new DriveQueryError('bad term');
    const operator = second.kind === 'op' ? second.value : second.kind === 'word' ? second.value : '';
    switch (first.value) {
      case 'trashed':
      case 'starred': {
        if (third.kind !== 'word' || !['true', 'false'].includes(third.value)) {
          throw new DriveQueryError('bad boolean');
        }
        const wanted = third.value === 'true';
        const field = first.value as 'trashed' | 'starred';
        if (operator === '=') return (file) => file[field] === wanted;
        if (operator === '!=') return (file) => file[field] !== wanted;
        throw new DriveQueryError('bad operator');
      }
      case 'name':
      case 'mimeType': {
        if (third.kind !== 'string') throw new DriveQueryError('bad string');
        const field = first.value as 'name' | 'mimeType';
        const value = third.value;
        if (operator === '=') return (file) => file[field] === value;
        if (operator === '!=') return (file) => file[field] !== value;
        if (operator === 'contains') {
          // `name contains` matches a prefix of the name or of one of its words (the search terms guide).
          const wanted = value.toLowerCase();
          return field === 'name'
            ? (file) =>
                file.name
                  .toLowerCase()
                  .split(/[\s._-]+/)
                  .some((word) => word.startsWith(wanted)) || file.name.toLowerCase().startsWith(wanted)
            : (file) => file.mimeType.includes(value);
        }
        throw new DriveQueryError('bad operator');
      }
      case 'modifiedTime':
      case 'createdTime': {
        const bound = third.kind === 'string' ? Date.parse(third.value) : Number.NaN;
        if (Number.isNaN(bound)) throw new DriveQueryError('bad time');
        const field = first.value as 'modifiedTime' | 'createdTime';
        const compare: Record<string, (a: number) => boolean> = {
          '=': (a) => a === bound,
          '!=': (a) => a !== bound,
          '<': (a) => a < bound,
          '<=': (a) => a <= bound,
          '>': (a) => a > bound,
          '>=': (a) => a >= bound,
        };
        const test = compare[operator];
        if (!test) throw new DriveQueryError('bad operator');
        return (file) => test(Date.parse(file[field]));
      }
      default:
        throw new DriveQueryError(`unknown term ${first.value}`);
    }
  }

  const predicate = expression();
  if (at !== tokens.length) throw new DriveQueryError('trailing input');
  return predicate;
}

type Comparator = (a: DriveFileJson, b: DriveFileJson) => number;

const time = (value: string | undefined) => (value === undefined ? 0 : Date.parse(value));

const SORT_KEYS: Readonly<Record<string, Comparator>> = {
  // Folders before files.
  folder: (a, b) => Number(b.mimeType === FOLDER_MIME_TYPE) - Number(a.mimeType === FOLDER_MIME_TYPE),
  createdTime: (a, b) => time(a.createdTime) - time(b.createdTime),
  modifiedTime: (a, b) => time(a.modifiedTime) - time(b.modifiedTime),
  modifiedByMeTime: (a, b) => time(a.modifiedByMeTime) - time(b.modifiedByMeTime),
  viewedByMeTime: (a, b) => time(a.viewedByMeTime) - time(b.viewedByMeTime),
  sharedWithMeTime: (a, b) => time(a.sharedWithMeTime) - time(b.sharedWithMeTime),
  recency: (a, b) => recencyOf(a) - recencyOf(b),
  // Alphabetical, so 1, 12, 2; `name_natural` sorts 1, 2, 12.
  name: (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  name_natural: (a, b) => a.name.localeCompare(b.name, 'en', { numeric: true, sensitivity: 'base' }),
  quotaBytesUsed: (a, b) => Number(a.quotaBytesUsed) - Number(b.quotaBytesUsed),
  starred: (a, b) => Number(a.starred) - Number(b.starred),
};

function recencyOf(file: DriveFileJson): number {
  return Math.max(
    time(file.modifiedTime),
    time(file.modifiedByMeTime),
    time(file.viewedByMeTime),
    time(file.sharedWithMeTime),
  );
}

/**
 * Reads `orderBy` (`folder,modifiedTime desc,name`); throws `DriveQueryError` on an unknown key. Ties
 * are broken by id, so the emulator's order is stable.
 */
export function parseDriveOrder(orderBy: string): Comparator {
  const comparators = orderBy.split(',').map((part) => {
    const [key = '', direction, ...rest] = part.trim().split(/\s+/);
    const compare = SORT_KEYS[key];
    if (!compare || rest.length > 0 || (direction !== undefined && !['asc', 'desc'].includes(direction))) {
      throw new DriveQueryError(`bad sort key ${part}`);
    }
    return direction === 'desc' ? (a: DriveFileJson, b: DriveFileJson) => compare(b, a) : compare;
  });
  return (a, b) => {
    for (const compare of comparators) {
      const order = compare(a, b);
      if (order !== 0) return order;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}
