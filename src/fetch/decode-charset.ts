import iconv from 'iconv-lite';
import { guessCharset } from './guess-charset.ts';

export type EncodingSource = 'bom' | 'header' | 'xml-declaration' | 'meta' | 'default';

export interface DecodedBody {
  text: string;
  /** Canonical lower-case name of the encoding actually used (e.g. "utf-8", "windows-1251", "utf-16le"). */
  encoding: string;
  /**
   * The charset as its source named it, before browser-compatible aliasing (e.g. "iso-8859-1", "us-ascii", "gb2312",
   * "utf-16be"): what feedparser reports as `encoding`.
   */
  label: string;
  source: EncodingSource;
  /** Set when the bytes contradict what was declared (invalid bytes, non-ASCII under us-ascii, unknown label, non-XML type). */
  warning: string | null;
}

type WideFamily = 'utf-16' | 'utf-32';

interface Sniffed {
  /** Exact encoding when the byte pattern pins it down (BOM or "<\0?\0"-style prefix). */
  encoding: string;
  family: WideFamily | null;
  bomLength: number;
}

const HEADER_CHARSET = /;\s*charset\s*=\s*["']?\s*([^"';,\s]+)/i;
const XML_DECLARATION = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']\s*([^"'\s]+)\s*["']/;
const XML_DECLARATION_START = /^\s*<\?xml\s/;
const META_CHARSET = /<meta\s[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)/i;
const DECLARATION_SCAN_BYTES = 1024;
const XML_MEDIA_TYPE = /^(?:application|text)\/(?:[\w.-]+\+)?xml(?:-dtd|-external-parsed-entity)?$/;
const TEXT_XML_MEDIA_TYPE = /^text\/(?:[\w.-]+\+)?xml(?:-external-parsed-entity)?$/;
const JSON_MEDIA_TYPE = /^[\w.-]+\/(?:[\w.-]+\+)?json$/;
const HTML_MEDIA_TYPE = /^(?:text\/html|application\/xhtml\+xml|application\/octet-stream)$/;
const UTF8_STRICT = new TextDecoder('utf-8', { fatal: true });
const META_SCAN_BYTES = 4096;

// Labels that name a transfer or escape format rather than a text charset; utf-7 is a known XSS vector.
const REFUSED = new Set(['base64', 'hex', 'utf7', 'utf-7', 'utf-7-imap', 'utf7imap', 'replacement']);

// Browsers decode these labels as windows-1252 (WHATWG Encoding), and feeds labelled latin-1 routinely carry
// cp1252 quotes in 0x80-0x9f; gb2312 content is in practice gbk.
const ALIASES: Record<string, string> = {
  'utf8': 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  'iso_8859-1': 'windows-1252',
  'latin1': 'windows-1252',
  'l1': 'windows-1252',
  'us-ascii': 'windows-1252',
  'ascii': 'windows-1252',
  'cp1252': 'windows-1252',
  'x-cp1251': 'windows-1251',
  'cp1251': 'windows-1251',
  'gb2312': 'gbk',
  'x-gbk': 'gbk',
  'ucs-2': 'utf-16le',
  'ucs2': 'utf-16le',
  'utf16le': 'utf-16le',
  'utf16be': 'utf-16be',
  'utf16': 'utf-16',
  'utf32': 'utf-32',
  'utf32le': 'utf-32le',
  'utf32be': 'utf-32be',
};

// Spellings of one label (not aliases to another charset): reported labels use the first form.
const SPELLINGS: Record<string, string> = {
  'utf8': 'utf-8', 'unicode-1-1-utf-8': 'utf-8', 'iso8859-1': 'iso-8859-1', 'iso_8859-1': 'iso-8859-1',
  'latin1': 'iso-8859-1', 'latin-1': 'iso-8859-1', 'l1': 'iso-8859-1', 'ascii': 'us-ascii', 'cp1252': 'windows-1252',
  'cp1251': 'windows-1251', 'x-cp1251': 'windows-1251', 'utf16le': 'utf-16le', 'utf16be': 'utf-16be', 'utf16': 'utf-16',
  'utf_16': 'utf-16', 'u16': 'utf-16', 'utf32': 'utf-32', 'utf_32': 'utf-32', 'utf32le': 'utf-32le', 'utf32be': 'utf-32be',
};

interface Label {
  /** As named, spelling-normalized. */
  label: string;
  /** The iconv-lite decoder to use. */
  decoder: string;
}

/** Lower-cased label and its decoder, or null when unusable. */
function normalizeLabel(raw: string): Label | null {
  const trimmed = raw.trim().replace(/^["']|["']$/g, '').toLowerCase();
  if (trimmed === '' || trimmed.length > 40 || REFUSED.has(trimmed)) return null;
  const label = SPELLINGS[trimmed] ?? trimmed;
  const decoder = ALIASES[label] ?? ALIASES[trimmed] ?? label;
  return iconv.encodingExists(decoder) ? { label, decoder } : null;
}

function wideFamilyOf(label: string): WideFamily | null {
  if (label.startsWith('utf-16')) return 'utf-16';
  if (label.startsWith('utf-32')) return 'utf-32';
  return null;
}

/** BOM first, then the XML spec's (Appendix F) byte patterns of "<?" in UTF-16/32. */
function sniffBytes(bytes: Uint8Array): Sniffed | null {
  const [b0, b1, b2, b3] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'utf-8', family: null, bomLength: 3 };
  if (b0 === 0xff && b1 === 0xfe && b2 === 0x00 && b3 === 0x00) return { encoding: 'utf-32le', family: 'utf-32', bomLength: 4 };
  if (b0 === 0x00 && b1 === 0x00 && b2 === 0xfe && b3 === 0xff) return { encoding: 'utf-32be', family: 'utf-32', bomLength: 4 };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', family: 'utf-16', bomLength: 2 };
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', family: 'utf-16', bomLength: 2 };
  if (bytes.length < 4) return null;
  // An ASCII character ('<' or whitespace) padded with NULs: wide encoding without a BOM.
  if (b0 !== 0 && b1 === 0 && b2 === 0 && b3 === 0) return { encoding: 'utf-32le', family: 'utf-32', bomLength: 0 };
  if (b0 === 0 && b1 === 0 && b2 === 0 && b3 !== 0) return { encoding: 'utf-32be', family: 'utf-32', bomLength: 0 };
  if (b0 !== 0 && b1 === 0 && b2 !== 0 && b3 === 0) return { encoding: 'utf-16le', family: 'utf-16', bomLength: 0 };
  if (b0 === 0 && b1 !== 0 && b2 === 0 && b3 !== 0) return { encoding: 'utf-16be', family: 'utf-16', bomLength: 0 };
  return null;
}

/** Picks the byte order for an endianness-free label ("utf-16") from NUL positions; little-endian by default. */
function resolveEndianness(label: string, bytes: Uint8Array, sniffed: Sniffed | null): string {
  if (label !== 'utf-16' && label !== 'utf-32') return label;
  if (sniffed !== null && sniffed.family === label) return sniffed.encoding;
  const width = label === 'utf-16' ? 2 : 4;
  let leadingZeros = 0;
  let trailingZeros = 0;
  const limit = Math.min(bytes.length - (bytes.length % width), 512);
  for (let i = 0; i < limit; i += width) {
    if (bytes[i] === 0) leadingZeros++;
    if (bytes[i + width - 1] === 0) trailingZeros++;
  }
  return leadingZeros > trailingZeros ? `${label}be` : `${label}le`;
}

function asciiPrefix(bytes: Uint8Array, maxBytes: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, maxBytes)).toString('latin1');
}

function headerCharset(contentType: string | null): string | null {
  if (contentType === null) return null;
  const match = HEADER_CHARSET.exec(contentType);
  return match?.[1] ?? null;
}

function mediaTypeOf(contentType: string | null): string | null {
  if (contentType === null) return null;
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return type === '' ? null : type;
}

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return false;
  return true;
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    UTF8_STRICT.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function joinWarnings(a: string | null, b: string | null): string | null {
  return a === null ? b : b === null ? a : `${a}; ${b}`;
}

function decodeWith(bytes: Uint8Array, encoding: string, skipBytes: number, source: EncodingSource, label = encoding, warning: string | null = null): DecodedBody {
  const view = skipBytes > 0 ? bytes.subarray(skipBytes) : bytes;
  let text = iconv.decode(Buffer.from(view.buffer, view.byteOffset, view.byteLength), encoding, { stripBOM: true });
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text, encoding, label, source, warning };
}

/** Bytes that are not what they claim (or claim nothing) and are not UTF-8: a guessed legacy charset, else cp1252. */
function decodeUndeclared(bytes: Uint8Array, source: EncodingSource, warning: string): DecodedBody {
  const guess = guessCharset(bytes);
  if (guess !== null) return decodeWith(bytes, guess.decoder, 0, source, guess.label, `${warning}; guessed ${guess.label}`);
  return decodeWith(bytes, 'windows-1252', 0, source, 'windows-1252', `${warning}; fell back to windows-1252`);
}

/** Decodes with a declared label, checking the bytes fit it (UTF-8 validity, us-ascii range). */
function decodeDeclared(bytes: Uint8Array, declared: Label, source: EncodingSource, warning: string | null): DecodedBody {
  if (declared.decoder === 'utf-8' && !isValidUtf8(bytes)) {
    return decodeUndeclared(bytes, source, joinWarnings(warning, `bytes are not valid UTF-8 as the ${source} says`)!);
  }
  if (declared.label === 'us-ascii' && !isAscii(bytes)) {
    warning = joinWarnings(warning, `non-ASCII bytes under a us-ascii ${source}; read as windows-1252`);
  }
  return decodeWith(bytes, declared.decoder, 0, source, declared.label, warning);
}

/**
 * Bytes to text. Precedence (RFC 3023 as feedparser applies it): BOM; HTTP Content-Type charset; a text/xml-family
 * type without charset means us-ascii; XML declaration (or HTML meta charset); else UTF-8. BOM-less UTF-16/32 is
 * recognized from the NUL pattern. Bytes that contradict the declared charset are re-decoded (guessed legacy charset or
 * windows-1252) and reported in `warning`. Never throws.
 */
export function decodeBody(bytes: Uint8Array, contentType: string | null): DecodedBody {
  const sniffed = sniffBytes(bytes);
  if (sniffed !== null && sniffed.bomLength > 0) {
    const invalid = sniffed.encoding === 'utf-8' && !isValidUtf8(bytes.subarray(3));
    return decodeWith(bytes, sniffed.encoding, sniffed.bomLength, 'bom', sniffed.encoding, invalid ? 'invalid UTF-8 after a UTF-8 BOM' : null);
  }

  const mediaType = mediaTypeOf(contentType);
  let warning: string | null = null;
  if (mediaType !== null && !XML_MEDIA_TYPE.test(mediaType) && !JSON_MEDIA_TYPE.test(mediaType) && !HTML_MEDIA_TYPE.test(mediaType)) {
    warning = `served as ${mediaType}, not an XML media type`;
  }

  const rawHeaderCharset = headerCharset(contentType);
  const fromHeader = normalizeLabel(rawHeaderCharset ?? '');
  if (fromHeader !== null) {
    const headerFamily = wideFamilyOf(fromHeader.decoder);
    // The header cannot be right when it disagrees with the NUL layout of the bytes (e.g. "utf-8" on UTF-16 data).
    const consistent = sniffed === null ? headerFamily === null || bytes.length < 4 : headerFamily === sniffed.family;
    if (consistent) {
      if (headerFamily !== null) {
        const encoding = resolveEndianness(fromHeader.decoder, bytes, sniffed);
        return decodeWith(bytes, encoding, 0, 'header', encoding, warning);
      }
      return decodeDeclared(bytes, fromHeader, 'header', warning);
    }
    warning = joinWarnings(warning, `header charset ${fromHeader.label} contradicts the bytes`);
  } else if (rawHeaderCharset !== null) {
    warning = joinWarnings(warning, `unknown header charset ${JSON.stringify(rawHeaderCharset.slice(0, 40))}`);
  }

  if (sniffed !== null) {
    // Wide encoding without a BOM: the declaration can only refine the family, which the bytes already fixed.
    const head = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, DECLARATION_SCAN_BYTES)), sniffed.encoding);
    const declared = normalizeLabel(XML_DECLARATION.exec(head)?.[1] ?? '');
    const source: EncodingSource = declared !== null && wideFamilyOf(declared.decoder) === sniffed.family ? 'xml-declaration' : 'default';
    return decodeWith(bytes, sniffed.encoding, 0, source, sniffed.encoding, warning);
  }

  // RFC 3023: text/xml (and text/*+xml) without a charset parameter is us-ascii, whatever the document declares.
  if (mediaType !== null && rawHeaderCharset === null && TEXT_XML_MEDIA_TYPE.test(mediaType)) {
    if (isAscii(bytes)) return decodeWith(bytes, 'utf-8', 0, 'header', 'us-ascii', warning);
    warning = joinWarnings(warning, `${mediaType} without charset means us-ascii, but the body is not ASCII`);
  }

  const head = asciiPrefix(bytes, META_SCAN_BYTES);
  const declarationHead = head.slice(0, DECLARATION_SCAN_BYTES);
  if (XML_DECLARATION_START.test(declarationHead)) {
    const rawDeclared = XML_DECLARATION.exec(declarationHead)?.[1];
    const declared = normalizeLabel(rawDeclared ?? '');
    // A wide encoding declared in ASCII-compatible bytes is a lie; XML then defaults to UTF-8.
    if (declared !== null && wideFamilyOf(declared.decoder) === null) return decodeDeclared(bytes, declared, 'xml-declaration', warning);
    if (rawDeclared !== undefined) warning = joinWarnings(warning, `unusable declared encoding ${JSON.stringify(rawDeclared.slice(0, 40))}`);
  } else {
    const meta = normalizeLabel(META_CHARSET.exec(head)?.[1] ?? '');
    if (meta !== null && wideFamilyOf(meta.decoder) === null) return decodeDeclared(bytes, meta, 'meta', warning);
  }
  if (!isValidUtf8(bytes)) return decodeUndeclared(bytes, 'default', joinWarnings(warning, 'no charset declared and not UTF-8')!);
  return decodeWith(bytes, 'utf-8', 0, 'default', 'utf-8', warning);
}
