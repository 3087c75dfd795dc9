const USERINFO = /\/\/[^/@\s]*@/g;

/** Drops userinfo (user:password@) from a URL for log lines. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url.replace(USERINFO, '//');
  }
}
