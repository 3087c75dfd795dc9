import { createRequire } from 'node:module';

/** One element of a parsed document: children keep document order (text runs merged, CDATA included). */
export interface XmlElement {
  /** Qualified name as written, e.g. "dc:date". */
  name: string;
  /** Local name as written, e.g. "date". */
  local: string;
  /** Namespace URI the prefix (or default namespace) resolves to; '' for none. */
  ns: string;
  attrs: Record<string, string>;
  children: XmlChild[];
  /** Absolute xml:base in effect (document URL when none), or null when unknown. */
  base: string | null;
}

export type XmlChild = XmlElement | string;

export type XmlTreeResult =
  | { ok: true; root: XmlElement; warnings: string[] }
  | { ok: false; reason: string };

interface SaxTag {
  name: string;
  attributes: Record<string, string>;
}

/** The parts of sax's (untyped) API this module uses. */
interface SaxParser {
  ENTITIES: Record<string, string>;
  onopentag: (tag: SaxTag) => void;
  onclosetag: () => void;
  ontext: (text: string) => void;
  oncdata: (text: string) => void;
  ondoctype: (doctype: string) => void;
  onerror: (err: Error) => void;
  write(text: string): SaxParser;
  close(): SaxParser;
}

// sax is the tokenizer xml2js (and so rss-parser) used: same strictness, same error messages.
const sax = createRequire(import.meta.url)('sax') as { parser: (strict: boolean, opt: object) => SaxParser };

const SAX_OPTIONS = { trim: false, normalize: false, position: true };
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const INTERNAL_ENTITY = /<!ENTITY\s+([A-Za-z_:][\w.:-]*)\s+(?:"([^"]*)"|'([^']*)')\s*>/g;
const LINE_BREAKS = /\s*[\r\n]+\s*/g;
const HAS_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const MAX_ENTITY_CHARS = 10_000;
// Declared entities can amplify a small body ("billion laughs" with one level); cap what they may expand to in total.
const MAX_EXPANDED_ENTITY_CHARS = 1_000_000;

/** Joins a possibly relative URL to a base; returns the input unchanged when it is absolute or cannot be resolved. */
export function resolveUrl(value: string, base: string | null): string {
  if (base === null || HAS_SCHEME.test(value)) return value;
  try {
    return new URL(value, base).href;
  } catch {
    return value;
  }
}

function errorMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(LINE_BREAKS, '; ').replace(/;\s*$/, '');
}

/**
 * Strict XML text to an element tree with namespaces resolved and xml:base tracked (from `baseUrl`). Entities declared
 * in the internal DTD subset are expanded; an undeclared namespace prefix is a warning, not a failure. Never throws.
 */
export function parseXmlTree(text: string, baseUrl: string | null = null): XmlTreeResult {
  const parser = sax.parser(true, SAX_OPTIONS);
  const stack: XmlElement[] = [];
  // Prefix maps per open element; an element without xmlns attributes shares its parent's map.
  const scopes: Map<string, string>[] = [new Map([['xml', XML_NS]])];
  const warnings: string[] = [];
  let root: XmlElement | null = null;
  let error: string | null = null;

  const append = (chunk: string): void => {
    const parent = stack[stack.length - 1];
    if (parent === undefined) return;
    const last = parent.children.length - 1;
    const previous = parent.children[last];
    if (typeof previous === 'string') parent.children[last] = previous + chunk;
    else parent.children.push(chunk);
  };

  let expansionBudget = MAX_EXPANDED_ENTITY_CHARS;
  parser.ondoctype = (doctype: string): void => {
    for (const match of doctype.matchAll(INTERNAL_ENTITY)) {
      const name = match[1]!;
      const value = match[2] ?? match[3] ?? '';
      // Declared entities hold text only here (sax does not re-parse them); the XML ones cannot be redefined.
      if (value.length > MAX_ENTITY_CHARS || Object.hasOwn(parser.ENTITIES, name) || name in parser.ENTITIES) continue;
      Object.defineProperty(parser.ENTITIES, name, {
        enumerable: true,
        get: (): string => {
          expansionBudget -= value.length;
          if (expansionBudget < 0) throw new Error(`declared entities expand beyond ${MAX_EXPANDED_ENTITY_CHARS} characters`);
          return value;
        },
      });
    }
  };
  parser.onopentag = (tag: SaxTag): void => {
    const attrs = tag.attributes;
    let scope = scopes[scopes.length - 1]!;
    for (const key in attrs) {
      if (key === 'xmlns' || key.startsWith('xmlns:')) {
        if (scope === scopes[scopes.length - 1]) scope = new Map(scope);
        scope.set(key === 'xmlns' ? '' : key.slice(6), attrs[key]!);
      }
    }
    scopes.push(scope);
    const colon = tag.name.indexOf(':');
    const prefix = colon === -1 ? '' : tag.name.slice(0, colon);
    const ns = scope.get(prefix);
    if (ns === undefined && prefix !== '' && warnings.length < 10) warnings.push(`undeclared namespace prefix "${prefix}"`);
    const parent = stack[stack.length - 1];
    const xmlBase = attrs['xml:base'];
    const parentBase = parent === undefined ? baseUrl : parent.base;
    const element: XmlElement = {
      name: tag.name,
      local: colon === -1 ? tag.name : tag.name.slice(colon + 1),
      ns: ns ?? '',
      attrs,
      children: [],
      base: xmlBase === undefined ? parentBase : resolveBase(xmlBase, parentBase),
    };
    if (parent === undefined) root ??= element;
    else parent.children.push(element);
    stack.push(element);
  };
  parser.onclosetag = (): void => {
    stack.pop();
    scopes.pop();
  };
  parser.ontext = append;
  parser.oncdata = append;
  parser.onerror = (err: Error): void => {
    error ??= errorMessage(err);
    throw err;
  };

  try {
    parser.write(text).close();
  } catch (err) {
    error ??= errorMessage(err);
  }
  if (error !== null) return { ok: false, reason: error };
  if (root === null) return { ok: false, reason: 'no root element' };
  return { ok: true, root, warnings };
}

function resolveBase(value: string, parentBase: string | null): string | null {
  const trimmed = value.trim();
  if (parentBase === null && !HAS_SCHEME.test(trimmed)) return null;
  try {
    return new URL(trimmed, parentBase ?? undefined).href;
  } catch {
    return parentBase;
  }
}
