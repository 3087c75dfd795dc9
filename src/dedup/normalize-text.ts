/*
 * Comparison form of a text: what two outlets' copies of the same item still share once encoding,
 * typography, outlet labels and bylines are gone. Used for exact-duplicate hashing and fingerprints.
 */

const NAMED_ENTITIES = new Map<string, string>(Object.entries({
  amp: '&', lt: '<', gt: '>', quot: '"', apos: '\'', nbsp: ' ', ensp: ' ', emsp: ' ', thinsp: ' ',
  ndash: '–', mdash: '—', minus: '−', lsquo: '‘', rsquo: '’', sbquo: '‚', ldquo: '“', rdquo: '”',
  bdquo: '„', laquo: '«', raquo: '»', lsaquo: '‹', rsaquo: '›', hellip: '…', middot: '·', bull: '•',
  shy: '', zwj: '\u200d', zwnj: '\u200c', copy: '©', reg: '®', trade: '™', euro: '€', pound: '£',
  yen: '¥', cent: '¢', deg: '°', times: '×', divide: '÷', prime: '′', Prime: '″', sect: '§',
  para: '¶', iexcl: '¡', iquest: '¿', szlig: 'ß', aelig: 'æ', AElig: 'Æ', oelig: 'œ', OElig: 'Œ',
  oslash: 'ø', Oslash: 'Ø', eth: 'ð', ETH: 'Ð', thorn: 'þ', THORN: 'Þ', frac12: '½', frac14: '¼',
  frac34: '¾', percnt: '%', dollar: '$', num: '#', commat: '@', period: '.', comma: ',', colon: ':',
  semi: ';', excl: '!', quest: '?', lpar: '(', rpar: ')', sol: '/', bsol: '\\', hyphen: '-', dash: '-',
}));
/** Accented letters by rule ("&eacute;" = e + U+0301, composed by NFKC later). */
const ACCENT_MARKS = new Map<string, string>(Object.entries({
  acute: '\u0301', grave: '\u0300', circ: '\u0302', uml: '\u0308', tilde: '\u0303', cedil: '\u0327',
  ring: '\u030a', caron: '\u030c', macr: '\u0304', breve: '\u0306', ogon: '\u0328', dot: '\u0307',
}));
const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/g;
const ACCENTED_ENTITY = /^([A-Za-z])(acute|grave|circ|uml|tilde|cedil|ring|caron|macr|breve|ogon|dot)$/;

const DASHES = /[\u2010-\u2015\u2212\u2043\ufe58\ufe63\uff0d\u058a\u05be\u1806\u2e3a\u2e3b]/g;
const SINGLE_QUOTES = /[\u2018\u2019\u201a\u201b\u2032\u2035\u02bc\u0060\u00b4\u2039\u203a]/g;
const DOUBLE_QUOTES = /[\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb\u300c\u300d]/g;
const INVISIBLE = /[\u00ad\u200b-\u200f\u2060\ufeff]/g;
const WHITESPACE_RUN = /\s+/g;
const NEEDS_FOLDING = /[^\x00-\x5f\x61-\x7f]/;

// Outlet labels before the text: "WATCH:", "BREAKING NEWS:", "LIVE UPDATES:" (any case, colon).
const LABEL_PREFIX =
  /^(?:watch(?: live)?|video|live(?: updates| blog)?|breaking(?: news)?|just in|update(?:d)?|exclusive|analysis|opinion|explainer|factbox|fact check|photos?|gallery|listen|audio|podcast|developing(?: story)?|urgent|news alert|alert|editorial|commentary|insight|correction|corrected|timeline|in pictures|in depth|recap)(?: \d{1,2})?\s*:\s*/i;
// Wire-service slugs: "UPDATE 2-", "EXCLUSIVE-", "FACTBOX-" (capitals only, so "Live-fire" stays).
const WIRE_PREFIX =
  /^(?:UPDATE|EXCLUSIVE|ANALYSIS|FACTBOX|EXPLAINER|INSIGHT|WRAPUP|REFILE|CORRECTED|PREVIEW|TIMELINE|COLUMN|BREAKINGVIEWS|RPT|BRIEF|FOCUS|POLL|INTERVIEW|SPECIAL REPORT|HIGHLIGHTS|GRAPHIC|WIDER IMAGE|FEATURE)(?: \d{1,2})?(?:-(?:UPDATE|EXCLUSIVE|ANALYSIS|FACTBOX)(?: \d{1,2})?)*\s*-\s*/;
// Datelines naming the agency: "(Reuters) -", "KYIV (Reuters) -", "LONDON, Oct 16 (AP) -".
const AGENCY_DATELINE =
  /^(?:[^()\n]{0,80}?\s)?\((?:reuters|ap|afp|upi|bloomberg|cnn|ani|pti|ians|xinhua|dpa|efe|ansa|tass|yonhap|kyodo|anadolu|interfax|ukrinform|rfe\/rl)\)\s*-\s*/i;
// Outlet names after the text: "- Reuters", " | AP News", " - BBC News", "- The Kyiv Independent", " | example.com".
const OUTLET_WORD = String.raw`(?:news|times|post|journal|herald|tribune|guardian|telegraph|independent|express|mirror|mail|online|gazette|observer|chronicle|insider|magazine|daily|press|wire|reuters|bloomberg|politico|axios|cnn|bbc|npr|pbs|nbc|cbs|abc|msnbc|cnbc|afp|ap|upi|al jazeera|aljazeera|dw|euronews|france 24|rfe/rl|tass|yonhap|interfax|ukrinform|newsweek|forbes|yahoo|msn|vox|vice|the hill|semafor|sky news|itv|cbc|rferl|kyiv post|meduza|ft)`;
const OUTLET_SUFFIX = new RegExp(
  String.raw`\s+[-|·•]\s+(?:the\s+)?(?:(?:[\p{L}\p{N}.&'/]+\s+){0,4}${OUTLET_WORD}|[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.(?:com|org|net|info|news|co\.uk|co|io|us|uk|ua|ru|de|fr|eu))\s*$`,
  'iu',
);
const TRAILING_ELLIPSIS = /\s*(?:\[\s*)?(?:\.{3,}|…)(?:\s*\])?\s*$/;
// The lookbehind sits after the quote so V8 only evaluates it at apostrophes.
const APOSTROPHE_IN_WORD = /'(?<=[\p{L}\p{N}]')(?=\p{L})/gu;
const DIGIT_GROUP = /(?<=\d),(?=\d{3}(?!\d))/g;
// Punctuation and non-currency symbols, except "%" and a decimal point between digits.
const PUNCTUATION = /(?![.%])[\p{P}\p{Sk}\p{Sm}]|(?<!\d)\.|\.(?!\d)/gu;
const MAX_PEELS = 4;

// The last text normalized and its form: an item's signature and its SimHash fingerprint normalize the same text.
let lastText = '';
let lastNormalized = '';

/** Comparison form: entities decoded, NFKC, lower case, quotes/dashes folded, outlet labels and bylines, punctuation and trailing ellipsis removed. */
export function normalizeForComparison(text: string): string {
  if (typeof text !== 'string' || text.length === 0) return '';
  if (text === lastText) return lastNormalized;
  const normalized = normalizeUncached(text);
  lastText = text;
  lastNormalized = normalized;
  return normalized;
}

function normalizeUncached(text: string): string {
  let s = text.includes('&') ? decodeEntities(text) : text;
  // Hot path: plain ASCII text (most feeds) needs no NFKC or typographic folding; the backtick is the one ASCII quote folded.
  const folding = NEEDS_FOLDING.test(s);
  if (folding) {
    s = s.normalize('NFKC')
      .replace(INVISIBLE, '')
      .replace(DASHES, '-')
      .replace(SINGLE_QUOTES, '\'')
      .replace(DOUBLE_QUOTES, '"');
  }
  s = peelOutletText(folding ? s.replace(WHITESPACE_RUN, ' ').trim() : collapseAsciiSpaces(s)).toLowerCase();
  if (s.includes('\'')) s = s.replace(APOSTROPHE_IN_WORD, '');
  if (s.includes(',')) s = s.replace(DIGIT_GROUP, '');
  if (!folding) return splitAsciiWords(s);
  return s.replace(PUNCTUATION, ' ')
    .replace(WHITESPACE_RUN, ' ')
    .trim();
}

// ASCII char classes for the scans below: 1 JS whitespace (\s, what trim() removes), 2 the ASCII characters
// PUNCTUATION matches, 3 "." (punctuation unless between two digits). Checked against the regexes in the tests.
const ASCII_CLASS: Uint8Array = (() => {
  const table = new Uint8Array(128);
  for (const c of '\t\n\v\f\r ') table[c.charCodeAt(0)] = 1;
  for (const c of '!"#&\'()*+,-/:;<=>?@[\\]^_`{|}~') table[c.charCodeAt(0)] = 2;
  table[46] = 3;
  return table;
})();

/** Same as s.replace(/\s+/g, ' ').trim() for ASCII text, without a copy when it is already collapsed. */
function collapseAsciiSpaces(s: string): string {
  const n = s.length;
  let previousSpace = true;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    // Every ASCII whitespace character is at or below " ".
    if (c > 32) {
      previousSpace = false;
    } else if (c === 32) {
      if (previousSpace) return s.replace(WHITESPACE_RUN, ' ').trim();
      previousSpace = true;
    } else if (ASCII_CLASS[c] === 1) {
      return s.replace(WHITESPACE_RUN, ' ').trim();
    } else {
      previousSpace = false;
    }
  }
  return previousSpace && n > 0 ? s.replace(WHITESPACE_RUN, ' ').trim() : s;
}

/**
 * Same as s.replace(PUNCTUATION, ' ').replace(/\s+/g, ' ').trim() for ASCII text, in one scan:
 * words are the runs between separators (whitespace, punctuation, a "." not between two digits);
 * the text itself comes back when it is already single-spaced words.
 */
function splitAsciiWords(s: string): string {
  const n = s.length;
  // Fast path: every separator is one " " between two word characters, so the text is its own result.
  let i = 0;
  let afterWord = false;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) {
      afterWord = true;
      continue;
    }
    if (separatorClass(s, c, i, n) === 0) {
      afterWord = true;
    } else if (c === 32 && afterWord) {
      afterWord = false;
    } else {
      break;
    }
  }
  // A trailing space leaves afterWord false.
  if (i === n && (afterWord || n === 0)) return s;
  let out = '';
  let start = -1;
  for (i = 0; i < n; i++) {
    if (separatorClass(s, s.charCodeAt(i), i, n) === 0) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out = out.length === 0 ? s.slice(start, i) : `${out} ${s.slice(start, i)}`;
      start = -1;
    }
  }
  if (start >= 0) out = out.length === 0 ? s.slice(start) : `${out} ${s.slice(start)}`;
  return out;
}

/** 0 for a word character of ASCII text, else nonzero (whitespace, punctuation, a "." not between digits). */
function separatorClass(s: string, c: number, i: number, n: number): number {
  if (c >= 128) return 0;
  const cls = ASCII_CLASS[c]!;
  if (cls !== 3) return cls;
  return i > 0 && i + 1 < n && isDigit(s.charCodeAt(i - 1)) && isDigit(s.charCodeAt(i + 1)) ? 0 : 2;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Strips labels, datelines, outlet suffixes and a trailing ellipsis, repeatedly (they stack). */
function peelOutletText(text: string): string {
  let s = text;
  for (let round = 0; round < MAX_PEELS; round++) {
    const before = s;
    s = s.replace(TRAILING_ELLIPSIS, '')
      .replace(OUTLET_SUFFIX, '')
      .replace(LABEL_PREFIX, '')
      .replace(WIRE_PREFIX, '')
      .replace(AGENCY_DATELINE, '');
    if (s === before) break;
  }
  return s;
}

function decodeEntities(text: string): string {
  // Two rounds undo "&amp;quot;" (escaped twice upstream); unknown names are left as they are.
  let s = text;
  for (let round = 0; round < 2 && s.includes('&'); round++) {
    const next = s.replace(ENTITY, decodeEntity);
    if (next === s) break;
    s = next;
  }
  return s;
}

function decodeEntity(match: string, dec: string | undefined, hex: string | undefined, name: string | undefined): string {
  if (dec !== undefined || hex !== undefined) {
    const cp = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16);
    if (!(cp > 0 && cp <= 0x10ffff) || (cp >= 0xd800 && cp <= 0xdfff)) return '\ufffd';
    return String.fromCodePoint(cp);
  }
  if (name === undefined) return match;
  const direct = NAMED_ENTITIES.get(name) ?? NAMED_ENTITIES.get(name.toLowerCase());
  if (direct !== undefined) return direct;
  const accented = ACCENTED_ENTITY.exec(name);
  if (accented) return `${accented[1]}${ACCENT_MARKS.get(accented[2]!) ?? ''}`;
  return match;
}
