import type { Settings } from '../config/index.ts';
import type { FetchSettings } from '../pipeline/poll-feed.ts';
import { checkLiteralHost, createGuardedLookup } from '../security/network-guard.ts';

// One guarded lookup per process is enough: it holds no state.
const guardedLookup = createGuardedLookup();

/** The fetcher settings both the feed and the article workers use, with the SSRF guard unless fetch.allowPrivateNetworks. */
export function buildFetchSettings(settings: Settings): FetchSettings {
  const { fetch } = settings;
  const base: FetchSettings = {
    connectTimeoutMs: fetch.connectTimeoutMs,
    totalTimeoutMs: fetch.totalTimeoutMs,
    maxBodyBytes: fetch.maxBodyBytes,
    maxRedirects: fetch.maxRedirects,
    userAgent: fetch.userAgent,
  };
  if (fetch.allowPrivateNetworks) return base;
  return { ...base, lookup: guardedLookup, checkHost: checkLiteralHost };
}
