import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, loadSettings, parseIntervalSeconds } from '../../../src/config/index.ts';
import { ConfigError } from '../../../src/errors.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sitrep-config-'));
});

async function file(name: string, text: string): Promise<string> {
  const full = path.join(dir, name);
  await writeFile(full, text);
  return full;
}

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('parseIntervalSeconds', () => {
  it.each([
    ['30s', 30], ['10m', 600], ['1h', 3_600], ['1d', 86_400], ['45', 45], [90, 90], ['1.5m', 90],
  ])('%s → %s', (input, expected) => expect(parseIntervalSeconds(input)).toBe(expected));
  it.each(['', 'soon', '10x', '-5', 0, -1])('rejects %s', (input) => expect(parseIntervalSeconds(input)).toBeNull());
});

describe('loadConfig', () => {
  it('when the repo defaults are loaded, then 20 feeds and the documented defaults result', () => {
    const config = loadConfig({ configFile: 'config/sitrep.yaml', feedsFile: 'config/feeds.yaml', env: {} });
    expect(config.feeds.length).toBeGreaterThanOrEqual(18);
    expect(config.settings.redis.url).toBeNull();
    expect(config.settings.http).toEqual({ host: '127.0.0.1', port: 8787, token: null, basicAuth: null });
    expect(config.feeds.every((feed) => feed.intervalSeconds >= 30)).toBe(true);
  });

  it('when a feed entry is bad, then the error names the file, line, feed and field', async () => {
    const feeds = await file('bad-feeds.yaml', 'feeds:\n  - id: good-one\n    url: https://a.example/rss\n  - id: second\n    url: not a url\n');
    const error = errorOf(() => loadConfig({ feedsFile: feeds, env: {} }));
    expect(error.message).toContain(`${feeds}:5`);
    expect(error.message).toContain('feed "second"');
    expect(error.message).toContain('feeds.1.url');
  });

  it('when a feed id is invalid or repeated, then the field is named', async () => {
    const badId = await file('bad-id.yaml', 'feeds:\n  - id: Bad_Id\n    url: https://a.example/rss\n');
    expect(errorOf(() => loadConfig({ feedsFile: badId, env: {} })).message).toMatch(/feeds\.0\.id: must match/);
    const dup = await file('dup.yaml', 'feeds:\n  - id: a\n    url: https://a.example/rss\n  - id: a\n    url: https://b.example/rss\n');
    expect(errorOf(() => loadConfig({ feedsFile: dup, env: {} })).message).toMatch(/dup\.yaml:4: feeds\.1\.id: duplicate feed id "a"/);
  });

  it('when an interval is unreadable or out of bounds, then it is named or clamped', async () => {
    const bad = await file('bad-interval.yaml', 'feeds:\n  - id: a\n    url: https://a.example/rss\n    interval: soon\n');
    expect(errorOf(() => loadConfig({ feedsFile: bad, env: {} })).message).toMatch(/:4: feed "a": feeds\.0\.interval: not an interval/);
    const fast = await file('fast.yaml', 'feeds:\n  - id: a\n    url: https://a.example/rss\n    interval: 1s\n  - id: b\n    url: https://a.example/b\n    interval: 30d\n');
    const config = loadConfig({ feedsFile: fast, env: {} });
    expect(config.feeds.map((feed) => feed.intervalSeconds)).toEqual([30, 86_400]);
  });

  it('when an unknown field or wrong type is in settings, then the field and line are named', async () => {
    const settings = await file('settings.yaml', 'redis:\n  prefix: ok\nfetch:\n  maxRedirects: many\n');
    expect(errorOf(() => loadSettings({ configFile: settings, env: {} })).message).toMatch(/settings\.yaml:4: fetch\.maxRedirects: /);
    const unknown = await file('unknown.yaml', 'fetch:\n  colour: blue\n');
    expect(errorOf(() => loadSettings({ configFile: unknown, env: {} })).message).toMatch(/unknown\.yaml:\d+: fetch: .*colour/);
  });

  it('when YAML is malformed, then the line is named', async () => {
    const broken = await file('broken.yaml', 'feeds:\n  - id: a\n   url: [unclosed\n');
    expect(errorOf(() => loadConfig({ feedsFile: broken, env: {} })).message).toMatch(/broken\.yaml:\d+:\d+: YAML syntax error/);
  });

  it('when environment variables are set, then they override the file', () => {
    const { settings } = loadSettings({ configFile: 'config/sitrep.yaml', env: { REDIS_URL: 'redis://10.0.0.1:6380', SITREP_HTTP_PORT: '0', SITREP_ALLOW_PRIVATE_NETWORKS: '1', LOG_LEVEL: 'debug' } });
    expect(settings.redis.url).toBe('redis://10.0.0.1:6380');
    expect(settings.http.port).toBe(0);
    expect(settings.fetch.allowPrivateNetworks).toBe(true);
    expect(settings.log.level).toBe('debug');
    expect(errorOf(() => loadSettings({ env: { SITREP_HTTP_PORT: 'eighty' } })).message).toContain('SITREP_HTTP_PORT');
  });

  it('when the feed list is OPML, then its outlines become feeds', async () => {
    const opml = await file('feeds.opml', `<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
      <outline text="World"><outline text="Baltic Wire" type="rss" xmlUrl="https://balticwire.example/rss"/>
      <outline title="Harbor Dispatch" type="rss" xmlUrl="https://harbor.example/feed.json"/></outline></body></opml>`);
    const config = loadConfig({ feedsFile: opml, env: {} });
    expect(config.feeds.map((feed) => [feed.id, feed.url])).toEqual([
      ['baltic-wire', 'https://balticwire.example/rss'],
      ['harbor-dispatch', 'https://harbor.example/feed.json'],
    ]);
  });
});
