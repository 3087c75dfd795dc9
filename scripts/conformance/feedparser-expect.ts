import type { FeedItem, ParsedFeed } from '../../src/model/item.ts';
import { parsePython, pyEquals, truthy, type PyNode } from './python-expr.ts';

/** What sitrep produced for one file, in the terms feedparser's Expect lines talk about. */
export interface SitrepOutcome {
  feed: ParsedFeed | null;
  /** Charset label as decodeBody reports it (feedparser's `encoding`). */
  encoding: string;
  /** Decoding warning (charset override, invalid bytes, non-XML media type), or null. */
  decodeWarning: string | null;
}

export type ExpectVerdict =
  | { status: 'pass' }
  | { status: 'fail'; detail: string }
  | { status: 'not-evaluated'; bucket: string };

const FEED_KEYS = new Set(['title', 'link']);
const ENTRY_KEYS = new Set([
  'title', 'link', 'id', 'guid', 'summary', 'description', 'content',
  'published', 'published_parsed', 'updated', 'updated_parsed',
]);
const CONTENT_KEYS = new Set(['value']);
const TEXT_FIELDS = new Set(['title', 'summary', 'description', 'content']);
const ROOT_NAMES = new Set(['bozo', 'encoding', 'feed', 'entries', 'len', 'ord']);

// feedparser reports Python codec names; these groups name one decoder.
const CHARSET_GROUPS: string[][] = [
  ['gb2312', 'gbk', 'gb18030', 'x-gbk'],
  ['big5', 'big5-hkscs', 'cp950'],
  ['shift_jis', 'sjis', 'shift-jis', 'cp932', 'windows-31j'],
  ['euc-jp', 'eucjp'],
  ['euc-kr', 'euckr', 'cp949'],
  ['tis-620', 'windows-874', 'iso-8859-11', 'cp874'],
  ['utf-8', 'utf8'],
  ['us-ascii', 'ascii'],
  ['iso-8859-1', 'latin1', 'latin-1'],
  ['windows-1252', 'cp1252'],
];
const CHARSET_CANONICAL = new Map<string, string>();
for (const group of CHARSET_GROUPS) for (const name of group) CHARSET_CANONICAL.set(name, group[0]!);

function canonicalCharset(name: string): string {
  const lower = name.toLowerCase().replace(/_/g, '-');
  return CHARSET_CANONICAL.get(lower) ?? CHARSET_CANONICAL.get(name.toLowerCase()) ?? lower;
}

/** A charset name that compares equal to any alias of the same decoder. */
class PyCharset {
  constructor(readonly name: string) {}
}

/** An instant that compares equal to any date string denoting the same instant (sitrep keeps ISO 8601 only). */
class PyInstant {
  constructor(readonly iso: string) {}
}

class KeyMissing extends Error {}

function compareValues(a: unknown, b: unknown): boolean {
  if (a instanceof PyCharset || b instanceof PyCharset) {
    const [charset, other] = a instanceof PyCharset ? [a, b] : [b as PyCharset, a];
    return typeof other === 'string' && canonicalCharset(other) === canonicalCharset(charset.name);
  }
  if (a instanceof PyInstant || b instanceof PyInstant) {
    const [instant, other] = a instanceof PyInstant ? [a, b] : [b as PyInstant, a];
    if (typeof other !== 'string') return false;
    const ms = Date.parse(other);
    return !Number.isNaN(ms) && ms === Date.parse(instant.iso);
  }
  return pyEquals(a, b);
}

/** Python time.struct_time as feedparser's *_parsed: (Y, M, D, h, m, s, weekday Mon=0, yday, 0) in UTC. */
function structTime(iso: string): number[] {
  const date = new Date(iso);
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  const yday = Math.floor((date.getTime() - yearStart) / 86_400_000) + 1;
  return [
    date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(),
    date.getUTCSeconds(), (date.getUTCDay() + 6) % 7, yday, 0,
  ];
}

function entryDict(item: FeedItem): Record<string, unknown> {
  const entry: Record<string, unknown> = {};
  if (item.title !== null) entry['title'] = item.title;
  if (item.link !== null) entry['link'] = item.link;
  if (item.guid !== null) {
    entry['id'] = item.guid;
    entry['guid'] = item.guid;
  }
  if (item.summary !== null) {
    entry['summary'] = item.summary;
    entry['description'] = item.summary;
  }
  if (item.content !== null) entry['content'] = [{ value: item.content }];
  if (item.published !== null) {
    entry['published'] = new PyInstant(item.published);
    entry['published_parsed'] = structTime(item.published);
  }
  if (item.updated !== null) {
    entry['updated'] = new PyInstant(item.updated);
    entry['updated_parsed'] = structTime(item.updated);
  }
  return entry;
}

function buildScope(outcome: SitrepOutcome): Record<string, unknown> {
  const feed: Record<string, unknown> = {};
  if (outcome.feed?.title != null) feed['title'] = outcome.feed.title;
  if (outcome.feed?.link != null) feed['link'] = outcome.feed.link;
  return {
    bozo: outcome.feed === null || outcome.feed.recovered || outcome.decodeWarning !== null,
    encoding: new PyCharset(outcome.encoding),
    feed,
    entries: (outcome.feed?.items ?? []).map(entryDict),
  };
}

/** Access path of a chain like entries[0]['content'][0].value: ['entries', '*', 'content', '*', 'value']. */
function chainPath(node: PyNode): string[] | null {
  switch (node.kind) {
    case 'name':
      return [node.name];
    case 'attr': {
      const base = chainPath(node.target);
      return base === null ? null : [...base, node.name];
    }
    case 'sub': {
      const base = chainPath(node.target);
      if (base === null) return null;
      if (node.index.kind === 'lit' && typeof node.index.value === 'string') return [...base, node.index.value];
      return [...base, '*'];
    }
    case 'call': {
      if (node.callee.kind === 'attr' && node.callee.name === 'get') {
        const base = chainPath(node.callee.target);
        const key = node.args[0];
        if (base !== null && key?.kind === 'lit' && typeof key.value === 'string') return [...base, key.value];
      }
      return null;
    }
    default:
      return null;
  }
}

/** Why a path is outside what sitrep keeps, or null when it is kept. */
function unkeptBucket(path: string[], sanitizeFolder: boolean): string | null {
  const [root, ...rest] = path;
  if (root === undefined || !ROOT_NAMES.has(root)) return `name:${root ?? '?'}`;
  if (root === 'feed') {
    const key = rest[0];
    if (key === undefined) return null;
    if (!FEED_KEYS.has(key)) return `feed.${key}`;
    if (rest.length > 1) return `feed.${key}.*`;
    if (sanitizeFolder && key === 'title') return 'sanitizer output';
    return null;
  }
  if (root === 'entries') {
    if (rest.length <= 1) return null;
    const key = rest[1]!;
    if (!ENTRY_KEYS.has(key)) return `entry.${key}`;
    if (key === 'content') {
      const sub = rest[3];
      if (sub !== undefined && !CONTENT_KEYS.has(sub)) return `entry.content.${sub}`;
    } else if (rest.length > 2 && !key.endsWith('_parsed')) {
      return `entry.${key}.*`;
    }
    if (sanitizeFolder && TEXT_FIELDS.has(key)) return 'sanitizer output';
    return null;
  }
  return rest.length > 0 ? `${root}.*` : null;
}

function findUnkept(node: PyNode, sanitizeFolder: boolean): string | null {
  const path = chainPath(node);
  if (path !== null) return unkeptBucket(path, sanitizeFolder);
  switch (node.kind) {
    case 'lit':
      return null;
    case 'attr':
    case 'sub':
      return findUnkept(node.target, sanitizeFolder) ?? (node.kind === 'sub' ? findUnkept(node.index, sanitizeFolder) : null);
    case 'call': {
      if (node.callee.kind === 'name' && (node.callee.name === 'len' || node.callee.name === 'ord')) {
        for (const arg of node.args) {
          const found = findUnkept(arg, sanitizeFolder);
          if (found !== null) return found;
        }
        return null;
      }
      const calleePath = chainPath(node.callee);
      return calleePath !== null ? `call:${calleePath.join('.')}` : 'call';
    }
    case 'tuple':
    case 'list':
      for (const item of node.items) {
        const found = findUnkept(item, sanitizeFolder);
        if (found !== null) return found;
      }
      return null;
    case 'dict':
      for (const [key, value] of node.entries) {
        const found = findUnkept(key, sanitizeFolder) ?? findUnkept(value, sanitizeFolder);
        if (found !== null) return found;
      }
      return null;
    case 'not':
    case 'neg':
      return findUnkept(node.operand, sanitizeFolder);
    case 'bool':
      for (const operand of node.operands) {
        const found = findUnkept(operand, sanitizeFolder);
        if (found !== null) return found;
      }
      return null;
    case 'cmp': {
      const all = [node.first, ...node.rest];
      // 'key' in entries[0]: a key-presence test on a dict is an access to that key.
      for (let i = 0; i < node.ops.length; i++) {
        const left = all[i]!;
        const right = all[i + 1]!;
        const rightPath = chainPath(right);
        if ((node.ops[i] === 'in' || node.ops[i] === 'not in') && left.kind === 'lit' && typeof left.value === 'string' && rightPath !== null) {
          const isDict = rightPath[0] === 'feed' ? rightPath.length === 1 : rightPath[0] === 'entries' && rightPath.length === 2;
          if (isDict) {
            const found = unkeptBucket([...rightPath, left.value], sanitizeFolder);
            if (found !== null) return found;
          }
        }
      }
      for (const operand of all) {
        const found = findUnkept(operand, sanitizeFolder);
        if (found !== null) return found;
      }
      return null;
    }
    default:
      return null;
  }
}

function index(target: unknown, key: unknown): unknown {
  if (Array.isArray(target) || typeof target === 'string') {
    if (typeof key !== 'number') throw new KeyMissing('non-integer index');
    const i = key < 0 ? target.length + key : key;
    if (i < 0 || i >= target.length) throw new KeyMissing(`index ${key} out of range`);
    return target[i];
  }
  if (typeof target === 'object' && target !== null && typeof key === 'string') {
    if (!(key in target)) throw new KeyMissing(`KeyError ${key}`);
    return (target as Record<string, unknown>)[key];
  }
  throw new KeyMissing('not subscriptable');
}

function contains(container: unknown, item: unknown): boolean {
  if (typeof container === 'string') return typeof item === 'string' && container.includes(item);
  if (Array.isArray(container)) return container.some((value) => compareValues(value, item));
  if (typeof container === 'object' && container !== null) return typeof item === 'string' && item in container;
  throw new KeyMissing('not a container');
}

function evaluate(node: PyNode, scope: Record<string, unknown>): unknown {
  switch (node.kind) {
    case 'lit':
      return node.value;
    case 'name':
      if (!(node.name in scope)) throw new KeyMissing(`NameError ${node.name}`);
      return scope[node.name];
    case 'attr':
      return index(evaluate(node.target, scope), node.name);
    case 'sub':
      return index(evaluate(node.target, scope), evaluate(node.index, scope));
    case 'call': {
      if (node.callee.kind === 'name') {
        const arg = node.args[0] ? evaluate(node.args[0], scope) : undefined;
        if (node.callee.name === 'len') {
          if (typeof arg === 'string' || Array.isArray(arg)) return arg.length;
          if (typeof arg === 'object' && arg !== null) return Object.keys(arg).length;
          throw new KeyMissing('len of unsized');
        }
        if (node.callee.name === 'ord') {
          if (typeof arg !== 'string' || [...arg].length !== 1) throw new KeyMissing('ord of non-character');
          return arg.codePointAt(0);
        }
      }
      if (node.callee.kind === 'attr' && node.callee.name === 'get') {
        const target = evaluate(node.callee.target, scope);
        const key = node.args[0] ? evaluate(node.args[0], scope) : undefined;
        if (typeof target === 'object' && target !== null && typeof key === 'string' && key in target) {
          return (target as Record<string, unknown>)[key];
        }
        return node.args[1] ? evaluate(node.args[1], scope) : null;
      }
      throw new KeyMissing('unsupported call');
    }
    case 'tuple':
    case 'list':
      return node.items.map((item) => evaluate(item, scope));
    case 'dict': {
      const out: Record<string, unknown> = {};
      for (const [key, value] of node.entries) out[String(evaluate(key, scope))] = evaluate(value, scope);
      return out;
    }
    case 'not':
      return !truthy(evaluate(node.operand, scope));
    case 'neg': {
      const value = evaluate(node.operand, scope);
      if (typeof value !== 'number') throw new KeyMissing('negation of non-number');
      return -value;
    }
    case 'bool': {
      let last: unknown = null;
      for (const operand of node.operands) {
        last = evaluate(operand, scope);
        if (node.op === 'and' ? !truthy(last) : truthy(last)) return last;
      }
      return last;
    }
    case 'cmp': {
      let left = evaluate(node.first, scope);
      for (let i = 0; i < node.ops.length; i++) {
        const right = evaluate(node.rest[i]!, scope);
        const op = node.ops[i]!;
        let holds: boolean;
        if (op === '==' || op === 'is') holds = compareValues(left, right);
        else if (op === '!=' || op === 'is not') holds = !compareValues(left, right);
        else if (op === 'in') holds = contains(right, left);
        else if (op === 'not in') holds = !contains(right, left);
        else {
          if (typeof left !== typeof right || (typeof left !== 'number' && typeof left !== 'string')) throw new KeyMissing('unorderable');
          const a = left as number | string;
          const b = right as number | string;
          holds = op === '<' ? a < b : op === '>' ? a > b : op === '<=' ? a <= b : a >= b;
        }
        if (!holds) return false;
        left = right;
      }
      return true;
    }
  }
}

/**
 * Evaluates one feedparser `Expect:` expression against sitrep's outcome. Expressions touching fields sitrep does not
 * keep are not evaluated (with a bucket naming the field); in `wellformed/sanitize`, text fields too (sanitizer output).
 */
export function checkExpectation(expression: string, outcome: SitrepOutcome, sanitizeFolder: boolean, baseFolder = false): ExpectVerdict {
  let ast: PyNode;
  try {
    ast = parsePython(expression);
  } catch (err) {
    return { status: 'not-evaluated', bucket: `unsupported syntax (${err instanceof Error ? err.message : String(err)})` };
  }
  // sitrep keeps item HTML as given; feedparser rewrites relative URIs inside it against xml:base / the document URI.
  const bucket = findUnkept(ast, sanitizeFolder) ?? (baseFolder && /\['(?:title|summary|description|content)'\]/.test(expression) ? 'xml:base resolution inside content' : null);
  if (bucket !== null) return { status: 'not-evaluated', bucket };
  try {
    return truthy(evaluate(ast, buildScope(outcome))) ? { status: 'pass' } : { status: 'fail', detail: 'expression is false' };
  } catch (err) {
    return { status: 'fail', detail: err instanceof Error ? err.message : String(err) };
  }
}
