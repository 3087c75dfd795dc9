const TRACKING_PARAM = /^(?:utm_.*|fbclid|gclid|mc_cid|mc_eid)$/i;
const MAX_URL_LENGTH = 8192;

function parseUrl(url: string, base: string | undefined): URL | null {
  if (base !== undefined && base !== '') {
    try {
      return new URL(url, base);
    } catch {
      // A bogus base must not sink an absolute URL: fall through and try it alone.
    }
  }
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function decodeKey(rawKey: string): string {
  try {
    return decodeURIComponent(rawKey.replace(/\+/g, ' '));
  } catch {
    return rawKey;
  }
}

/** Drops tracking parameters and sorts the rest by key (stable), keeping each pair's original encoding. */
function canonicalizeQuery(search: string): string {
  if (search.length <= 1) return '';
  const kept: { key: string; pair: string }[] = [];
  for (const pair of search.slice(1).split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decodeKey(eq === -1 ? pair : pair.slice(0, eq));
    if (TRACKING_PARAM.test(key)) continue;
    kept.push({ key, pair });
  }
  if (kept.length === 0) return '';
  kept.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return `?${kept.map((entry) => entry.pair).join('&')}`;
}

/**
 * Canonical form of an http(s) URL for identity: lower-case scheme and host, no default port, fragment, credentials or
 * tracking parameters (utm_*, fbclid, gclid, mc_cid, mc_eid), query sorted by key. Null when not a usable http(s) URL.
 */
export function canonicalizeUrl(url: string, base?: string): string | null {
  if (typeof url !== 'string') return null;
  const trimmed = url.trim();
  if (trimmed === '' || trimmed.length > MAX_URL_LENGTH) return null;
  const parsed = parseUrl(trimmed, base);
  if (parsed === null) return null;
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (parsed.hostname === '') return null;
  // The URL class already lower-cases scheme and host, punycodes IDNs and drops default ports.
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}${canonicalizeQuery(parsed.search)}`;
}
