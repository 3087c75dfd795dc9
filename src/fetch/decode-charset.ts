import iconv from 'iconv-lite';

export type EncodingSource = 'bom' | 'header' | 'xml-declaration' | 'meta' | 'default';

export interface DecodedBody {
  text: string;
  /** Canonical lower-case name of the encoding actually used (e.g. "utf-8", "windows-1251", "utf-16le"). */
  encoding: string;
  source: EncodingSource;
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

/** Lower-cased, alias-resolved label that iconv-lite can decode, or null when unusable. */
function normalizeLabel(raw: string): string | null {
  const label = raw.trim().replace(/^["']|["']$/g, '').toLowerCase();
  if (label === '' || label.length > 40 || REFUSED.has(label)) return null;
  const resolved = ALIASES[label] ?? label;
  return iconv.encodingExists(resolved) ? resolved : null;
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

function decodeWith(bytes: Uint8Array, encoding: string, skipBytes: number, source: EncodingSource): DecodedBody {
  const view = skipBytes > 0 ? bytes.subarray(skipBytes) : bytes;
  let text = iconv.decode(view, encoding, { stripBOM: true });
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text, encoding, source };
}

/**
 * Bytes to text. Precedence: BOM, HTTP Content-Type charset, XML declaration or HTML meta charset, else UTF-8.
 * Also recognizes BOM-less UTF-16/32; unknown or impossible charset names fall through to the next source.
 */
export function decodeBody(bytes: Uint8Array, contentType: string | null): DecodedBody {
  const sniffed = sniffBytes(bytes);
  if (sniffed !== null && sniffed.bomLength > 0) {
    return decodeWith(bytes, sniffed.encoding, sniffed.bomLength, 'bom');
  }

  const fromHeader = normalizeLabel(headerCharset(contentType) ?? '');
  if (fromHeader !== null) {
    const headerFamily = wideFamilyOf(fromHeader);
    // The header cannot be right when it disagrees with the NUL layout of the bytes (e.g. "utf-8" on UTF-16 data).
    const consistent = sniffed === null ? headerFamily === null || bytes.length < 4 : headerFamily === sniffed.family;
    if (consistent) return decodeWith(bytes, resolveEndianness(fromHeader, bytes, sniffed), 0, 'header');
  }

  if (sniffed !== null) {
    // Wide encoding without a BOM: the declaration can only refine the family, which the bytes already fixed.
    const head = iconv.decode(bytes.subarray(0, DECLARATION_SCAN_BYTES), sniffed.encoding);
    const declared = normalizeLabel(XML_DECLARATION.exec(head)?.[1] ?? '');
    const source: EncodingSource = declared !== null && wideFamilyOf(declared) === sniffed.family ? 'xml-declaration' : 'default';
    return decodeWith(bytes, sniffed.encoding, 0, source);
  }

  const head = asciiPrefix(bytes, META_SCAN_BYTES);
  const declarationHead = head.slice(0, DECLARATION_SCAN_BYTES);
  if (XML_DECLARATION_START.test(declarationHead)) {
    const declared = normalizeLabel(XML_DECLARATION.exec(declarationHead)?.[1] ?? '');
    // A wide encoding declared in ASCII-compatible bytes is a lie; XML then defaults to UTF-8.
    if (declared !== null && wideFamilyOf(declared) === null) return decodeWith(bytes, declared, 0, 'xml-declaration');
  } else {
    const meta = normalizeLabel(META_CHARSET.exec(head)?.[1] ?? '');
    if (meta !== null && wideFamilyOf(meta) === null) return decodeWith(bytes, meta, 0, 'meta');
  }
  return decodeWith(bytes, 'utf-8', 0, 'default');
}
