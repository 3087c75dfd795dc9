import iconv from 'iconv-lite';

/*
 * Mojibake repair. UTF-8 bytes that were decoded with a single-byte charset (windows-1252, latin-1,
 * windows-874) leave every byte as one character. We map such characters back to their byte, look for
 * well-formed UTF-8 sequences (lead byte + continuation bytes) and replace a sequence by the code point
 * it encodes only when it carries strong evidence of mojibake, so correct text is never touched.
 */

/** Character → the byte it stands for, over the union of the three charsets (they never disagree). */
const BYTE_OF = new Map<number, number>();
/** Characters that only windows-874 produces (Thai letters and digits). */
const THAI_FAMILY = new Set<number>();
/** Latin-1 letters and symbols (U+00A1-U+00FF). */
const LATIN_FAMILY = new Set<number>();

function buildTables(): void {
  const high = new Uint8Array(128);
  for (let i = 0; i < 128; i++) high[i] = 0x80 + i;
  for (const charset of ['latin1', 'windows1252', 'windows874'] as const) {
    const decoded = iconv.decode(high, charset);
    for (let i = 0; i < decoded.length; i++) {
      const cp = decoded.charCodeAt(i);
      if (cp === 0xfffd) continue;
      if (!BYTE_OF.has(cp)) BYTE_OF.set(cp, 0x80 + i);
      if (charset === 'windows874' && cp >= 0x0e01 && cp <= 0x0e7f) THAI_FAMILY.add(cp);
      if (charset === 'latin1' && cp >= 0xa1) LATIN_FAMILY.add(cp);
    }
  }
}
buildTables();

/**
 * Characters whose presence in a decodable sequence is strong evidence of mojibake: C1 controls,
 * windows-1252 letters and signs that real text almost never puts right after an accented capital,
 * Latin-1 symbols, and the lead bytes of the most common sequences (Ã = Latin-1 letters, Â = symbols,
 * Ð/Ñ = Cyrillic, Ø/Ù = Arabic, × = Hebrew). Curly quotes, dashes, ellipsis, bullet, guillemets and
 * no-break space are not strong: "FUß“" or "CAFÉ »" are correct text.
 */
const STRONG = new Set<number>();
for (let cp = 0x80; cp <= 0x9f; cp++) STRONG.add(cp);
for (const ch of '€‚ƒ„†‡ˆ‰Š‹ŒŽ˜™š›œžŸ¡¢£¤¥¦§¨©ª¬®¯°±²³´µ¶·¸¹º¼½¾¿ÂÃÐÑØÙ×') STRONG.add(ch.charCodeAt(0));

/**
 * Leads that are strong unless they end a capitalised word: "wiÄ…zaÄ‡", "CÅ’UR", "Ï…" are mojibake
 * (ą, Œ, υ), while an all-caps word may end in them before a quote or an ellipsis ("HYVÄ”", "PÅ…").
 */
const STRONG_UNLESS_AFTER_CAPITAL = new Set([...'ÄÅÎÏ'].map((ch) => ch.charCodeAt(0)));
const CAPITAL = /\p{Lu}/u;
const LETTER = /\p{L}/u;

// Quick reject: a lead-byte character directly followed by a continuation-byte character that is not Thai.
const CANDIDATE =
  /[\u00c2-\u00f4\u0e22-\u0e54][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]|Â |[a-z]Ã |[A-Za-z](?:โ|[âโ]€)[A-Za-z]/;
// The degraded form: only the lead byte (and maybe the € of 0x80) of an E2 80 xx sequence survived.
const DEGRADED_DASH = /(?<=[A-Za-z])(?:โ€?|â€)(?=[A-Za-z])/g;
const HAS_DEGRADED_DASH = /[A-Za-z](?:โ€?|â€)[A-Za-z]/;
const CONTRACTION_TAIL = /^(?:s|t|re|ll|ve|d|m)(?![A-Za-z])/;
// "Â" + no-break space that a later stage turned into a plain space; not after a capital ("CRÂ" words).
const STRAY_A_CIRCUMFLEX = /(?<![A-ZÀ-Þ])Â(?= )/g;
// "à" + no-break space, likewise; only after a lower-case letter, where a capital Ã cannot be real.
// The space is the lost 0xA0 byte: consume it when another space follows, so words stay apart.
const STRAY_A_GRAVE = /(?<=[a-zß-ÿ])Ã(?= )(?: (?=\s))?/g;

const MAX_PASSES = 3;
/**
 * Later passes trust only the leads double mojibake leaves behind; Å, â and ð also need a non-letter
 * continuation, since "âœœ" or "Åš" could be what the first pass correctly produced.
 */
const REPEAT_PASS_LEADS = new Map<number, 'any' | 'non-letter'>([
  ...[...'ÂÃÐÑ'].map((ch) => [ch.charCodeAt(0), 'any'] as const),
  ...[...'Åâð'].map((ch) => [ch.charCodeAt(0), 'non-letter'] as const),
]);

/** Repairs text decoded with the wrong charset upstream (UTF-8 read as windows-1252/latin-1/windows-874); leaves correct text alone. */
export function repairMojibake(text: string): string {
  if (typeof text !== 'string' || !CANDIDATE.test(text)) return text;
  // The single-character rules run once, on the input: after a sequence repair their patterns may be real text.
  let current = repairSequences(repairStrays(text), false);
  // Text mis-decoded twice needs more passes ("Ã¢â‚¬â„¢" → "â€™" → "’"); they are stricter, so a first
  // repair that produced real text ("Çœ") is not decoded again.
  for (let pass = 1; pass < MAX_PASSES && CANDIDATE.test(current); pass++) {
    const next = repairSequences(current, true);
    if (next === current) break;
    current = next;
  }
  return current;
}

function repairStrays(text: string): string {
  let out = text;
  if (out.includes('Â ')) out = out.replace(STRAY_A_CIRCUMFLEX, '');
  if (out.includes('Ã ')) out = out.replace(STRAY_A_GRAVE, 'à');
  if (HAS_DEGRADED_DASH.test(out)) {
    out = out.replace(DEGRADED_DASH, (match: string, offset: number, whole: string) => {
      const after = offset + match.length;
      // Apostrophe for contractions and possessives ("world’s", "don’t"), else the em dash ("Korea—a").
      return CONTRACTION_TAIL.test(whole.slice(after, after + 3)) ? '\u2019' : '\u2014';
    });
  }
  return out;
}

interface Sequence {
  start: number;
  length: number;
  codePoint: number;
  strong: boolean;
}

/** Finds decodable UTF-8 sequences; replaces the strong ones, and the weak ones too once the text has shown strong mojibake. */
function repairSequences(text: string, repeatPass: boolean): string {
  const found: Sequence[] = [];
  let anyStrong = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const lead = BYTE_OF.get(text.charCodeAt(i));
    if (lead === undefined || lead < 0xc2 || lead > 0xf4) continue;
    const seq = readSequence(text, i, lead, repeatPass);
    if (seq === null) continue;
    found.push(seq);
    if (seq.strong) anyStrong = true;
    i += seq.length - 1;
  }
  if (found.length === 0) return text;
  const parts: string[] = [];
  let last = 0;
  for (const seq of found) {
    if (!seq.strong && !anyStrong) continue;
    parts.push(text.slice(last, seq.start), String.fromCodePoint(seq.codePoint));
    last = seq.start + seq.length;
  }
  if (last === 0) return text;
  parts.push(text.slice(last));
  return parts.join('');
}

function readSequence(text: string, start: number, lead: number, repeatPass: boolean): Sequence | null {
  const length = lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
  if (start + length > text.length) return null;
  const leadChar = text.charCodeAt(start);
  const repeatRule = repeatPass ? REPEAT_PASS_LEADS.get(leadChar) : 'any';
  if (repeatRule === undefined) return null;
  let hasNonLetter = false;
  const thaiLead = THAI_FAMILY.has(leadChar);
  // Thai text is full of lead-looking letters; a two-byte sequence read as windows-874 is not worth the risk.
  if (thaiLead && length === 2) return null;
  let codePoint = lead & (length === 2 ? 0x1f : length === 3 ? 0x0f : 0x07);
  let strong = STRONG.has(leadChar)
    || (STRONG_UNLESS_AFTER_CAPITAL.has(leadChar)
      && (start === 0 || !CAPITAL.test(text[start - 1]!) || LETTER.test(text.charAt(start + length))));
  let latin = LATIN_FAMILY.has(leadChar);
  for (let k = 1; k < length; k++) {
    const ch = text.charCodeAt(start + k);
    const byte = BYTE_OF.get(ch);
    if (byte === undefined || byte > 0xbf) return null;
    // A sequence read with one charset cannot mix Thai letters with Latin-1 letters or Thai continuations.
    if (THAI_FAMILY.has(ch)) return null;
    if (LATIN_FAMILY.has(ch)) latin = true;
    if (STRONG.has(ch)) strong = true;
    if (!LETTER.test(text[start + k]!)) hasNonLetter = true;
    codePoint = (codePoint << 6) | (byte & 0x3f);
  }
  if (thaiLead && latin) return null;
  if (repeatRule === 'non-letter' && !hasNonLetter) return null;
  // Reject overlong forms, surrogates and code points past U+10FFFF (what a strict UTF-8 decoder refuses).
  if (length === 3 && (codePoint < 0x800 || (codePoint >= 0xd800 && codePoint <= 0xdfff))) return null;
  if (length === 4 && (codePoint < 0x10000 || codePoint > 0x10ffff)) return null;
  if (codePoint === 0xfffd) return null;
  // Windows-874 sequences must show a non-Thai sign (the € of 0x80 in E2 80 xx) to count at all.
  if (thaiLead && !strong) return null;
  return { start, length, codePoint, strong };
}
