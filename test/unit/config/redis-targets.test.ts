import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../../src/config/index.ts';
import { ConfigError } from '../../../src/errors.ts';
import { redisTargetOf } from '../../../src/app/context.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sitrep-config-targets-'));
});

async function settingsFrom(yaml: string, env: NodeJS.ProcessEnv = {}) {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(file, yaml);
  return loadSettings({ configFile: file, env }).settings;
}

async function errorFrom(yaml: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  try {
    await settingsFrom(yaml, env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('Redis cluster, sentinel and shards settings', () => {
  it('when cluster nodes are given as host:port strings or objects, then both become {host, port} targets with the env password', async () => {
    const settings = await settingsFrom('shards: 3\nredis:\n  cluster:\n    nodes: ["10.0.0.1:7000", {host: "10.0.0.2", port: 7001}]\n    natMap: {"10.0.0.1:7000": "127.0.0.1:17000"}\n',
      { SITREP_REDIS_PASSWORD: 's3cret' });
    expect(settings.shards).toBe(3);
    const target = redisTargetOf(settings, null);
    expect(target).toEqual({
      kind: 'cluster',
      nodes: [{ host: '10.0.0.1', port: 7000 }, { host: '10.0.0.2', port: 7001 }],
      natMap: { '10.0.0.1:7000': { host: '127.0.0.1', port: 17000 } },
      username: null,
      password: 's3cret',
      tls: false,
    });
  });

  it('when sentinel is configured, then the target names the sentinels, the master and the sentinel password', async () => {
    const settings = await settingsFrom('redis:\n  sentinel:\n    sentinels: ["s1:26379", "s2:26379"]\n    name: news\n', { SITREP_SENTINEL_PASSWORD: 'sentinel-pw' });
    expect(redisTargetOf(settings, null)).toMatchObject({ kind: 'sentinel', name: 'news', sentinelPassword: 'sentinel-pw', sentinels: [{ host: 's1', port: 26379 }, { host: 's2', port: 26379 }] });
  });

  it('when a url and a cluster are both set, then the error names redis.url', async () => {
    const message = await errorFrom('redis:\n  cluster:\n    nodes: ["127.0.0.1:7000"]\n', { REDIS_URL: 'redis://127.0.0.1:6380' });
    expect(message).toMatch(/redis\.url: url cannot be combined with cluster or sentinel/);
  });

  it('when a cluster node is not host:port, then the error names the field', async () => {
    const message = await errorFrom('redis:\n  cluster:\n    nodes: ["localhost"]\n');
    expect(message).toMatch(/redis\.cluster\.nodes\.0/);
  });

  it('when SITREP_SHARDS is not a whole number or shards is 0, then the error names shards', async () => {
    expect(await errorFrom('', { SITREP_SHARDS: '2.5' })).toMatch(/SITREP_SHARDS: shards/);
    expect(await errorFrom('shards: 0\n')).toMatch(/shards/);
  });

  it('when the prefix carries braces, then it is refused (sitrep adds the hash tags itself)', async () => {
    expect(await errorFrom('redis:\n  prefix: "{sitrep}"\n')).toMatch(/redis\.prefix/);
  });
});
