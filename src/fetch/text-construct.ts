import type { XmlChild, XmlElement } from './xml-tree.ts';

const XHTML_NS = 'http://www.w3.org/1999/xhtml';
const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
const MAX_DEPTH = 100;
const TEXT_ESCAPES = /[&<>]/g;
const ATTR_ESCAPES = /[&<"]/g;
const ESCAPE: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const BASE64_BODY = /^[A-Za-z0-9+/=\s]+$/;
const UTF8_STRICT = new TextDecoder('utf-8', { fatal: true });
const BASIC_ENTITY = /&(lt|gt|amp|quot);/g;
const UNESCAPE: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };
// C1 controls stand for the windows-1252 characters at the same byte (feedparser's "demoronize").
const C1_CONTROL = /[\x80-\x9f]/g;
const HAS_C1_CONTROL = /[\x80-\x9f]/;
const C1_REFERENCE = /&#(12[89]|1[3-5][0-9]);/g;
const UPPER_HEX_REFERENCE = /&#X([0-9A-Fa-f]+;)/g;
// windows-1252 0x80-0x9f; undefined positions stay as they are.
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

function escapeText(text: string): string {
  return text.replace(TEXT_ESCAPES, (ch) => ESCAPE[ch]!);
}

function escapeAttr(text: string): string {
  return text.replace(ATTR_ESCAPES, (ch) => ESCAPE[ch]!);
}

/** Concatenated text of an element's subtree (markup dropped); iterative, so any depth is safe. */
export function textContent(element: XmlElement): string {
  const { children } = element;
  if (children.length === 1 && typeof children[0] === 'string') return children[0];
  let out = '';
  const stack: Array<{ nodes: XmlChild[]; index: number }> = [{ nodes: children, index: 0 }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const child = frame.nodes[frame.index++];
    if (child === undefined) stack.pop();
    else if (typeof child === 'string') out += child;
    else stack.push({ nodes: child.children, index: 0 });
  }
  return out;
}

function serializeChild(child: XmlChild, depth: number): string {
  if (typeof child === 'string') return escapeText(child);
  if (depth >= MAX_DEPTH) return escapeText(textContent(child));
  let attrs = '';
  for (const key in child.attrs) {
    if (key === 'xmlns' || key.startsWith('xmlns:')) continue;
    attrs += ` ${key}="${escapeAttr(child.attrs[key]!)}"`;
  }
  const name = child.ns === XHTML_NS || child.ns === '' ? child.local : child.name;
  if (child.children.length === 0 && VOID_ELEMENTS.has(name.toLowerCase())) return `<${name}${attrs} />`;
  return `<${name}${attrs}>${serializeChildren(child.children, depth + 1)}</${name}>`;
}

/** Inline markup back to (X)HTML text: elements without namespace declarations, text escaped. */
export function serializeChildren(children: XmlChild[], depth = 0): string {
  let out = '';
  for (const child of children) out += serializeChild(child, depth);
  return out;
}

function hasElementChild(element: XmlElement): boolean {
  for (const child of element.children) if (typeof child !== 'string') return true;
  return false;
}

/** The only element child when everything else is white space, else null. */
function soleElement(element: XmlElement): XmlElement | null {
  let found: XmlElement | null = null;
  for (const child of element.children) {
    if (typeof child === 'string') {
      if (child.trim() !== '') return null;
    } else if (found !== null) {
      return null;
    } else {
      found = child;
    }
  }
  return found;
}

function attribute(element: XmlElement, name: string): string | null {
  const value = element.attrs[name];
  return value === undefined ? null : value.trim().toLowerCase();
}

/** Atom 1.0 `type` media types whose content is base64 (not text or XML); a bare word such as "custom" is text. */
function isBase64Type(type: string): boolean {
  return type.includes('/') && !type.startsWith('text/') && !type.endsWith('/xml') && !type.endsWith('+xml');
}

/** Base64 text to UTF-8; null unless it is base64 of valid UTF-8 (a text value under an odd media type stays text). */
function decodeBase64(text: string): string | null {
  if (!BASE64_BODY.test(text)) return null;
  try {
    return UTF8_STRICT.decode(Buffer.from(text, 'base64'));
  } catch {
    return null;
  }
}

/** Repairs windows-1252 characters that reached the text as C1 controls or references to them. */
export function demoronize(text: string): string {
  let out = text;
  if (HAS_C1_CONTROL.test(out)) out = out.replace(C1_CONTROL, (ch) => String.fromCharCode(CP1252_HIGH[ch.charCodeAt(0) - 0x80]!));
  if (out.includes('&#')) {
    out = out
      .replace(C1_REFERENCE, (whole, code: string) => `&#x${CP1252_HIGH[Number(code) - 0x80]!.toString(16)};`)
      .replace(UPPER_HEX_REFERENCE, '&#x$1');
  }
  return out;
}

/**
 * Text of a feed text element the way feedparser reads it: Atom base64 (`mode="base64"` or a binary `type`) decoded,
 * inline markup serialized (the wrapping div of Atom 1.0 `type="xhtml"` dropped), windows-1252 C1 characters repaired.
 */
export function readTextConstruct(element: XmlElement, atom10: boolean): string {
  const type = attribute(element, 'type') ?? '';
  const mode = attribute(element, 'mode');
  let value: string;
  if (!hasElementChild(element)) {
    value = textContent(element);
    if (mode === 'base64' || (atom10 && type !== '' && isBase64Type(type))) value = decodeBase64(value) ?? value;
  } else {
    const div = soleElement(element);
    if (div !== null && div.local === 'div' && (type === 'xhtml' || type === 'html')) {
      value = serializeChildren(div.children);
      // Escaped HTML inside a div (TypePad): the markup is the div's text.
      if (type === 'html' && !hasElementChild(div)) value = value.replace(BASIC_ENTITY, (_, name: string) => UNESCAPE[name]!);
    } else {
      value = serializeChildren(element.children);
    }
  }
  return demoronize(value);
}
