import { mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startEmbeddedRedis } from '../../src/redis/embedded-redis.ts';
import { RedisUnavailableError } from '../../src/errors.ts';

describe('embedded redis-server', () => {
  it('when started, then it serves on a loopback port with AOF in its own data dir, and stops', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sitrep-embedded-'));
    const redis = await startEmbeddedRedis({ dataDir: dir });
    try {
      expect(redis.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
      expect(redis.port).not.toBe(6379);
      const client = new Redis(redis.url);
      await client.set('k', 'v');
      expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
      expect(await client.config('GET', 'dir')).toEqual(['dir', dir]);
      await client.quit();
      expect((await readdir(dir)).some((name) => name.startsWith('appendonly'))).toBe(true);
    } finally {
      await redis.stop();
    }
    const probe = new Redis(redis.url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    probe.on('error', () => undefined);
    await expect(probe.connect()).rejects.toThrow();
    probe.disconnect();
    await rm(dir, { recursive: true, force: true });
  });

  it('when redis-server is not on PATH, then a clear error says how to get one', async () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(startEmbeddedRedis({ dataDir: os.tmpdir() })).rejects.toSatisfy((err: unknown) =>
        err instanceof RedisUnavailableError && /apt-get install redis-server/.test(err.message) && /docker compose up -d redis/.test(err.message));
    } finally {
      process.env.PATH = saved;
    }
  });

  it('when sitrep runs with no redis-server on PATH and no REDIS_URL, then it exits non-zero with the hint', async () => {
    // A PATH holding node and nothing else (node's own directory may hold redis-server too).
    const bin = await mkdtemp(path.join(os.tmpdir(), 'sitrep-path-'));
    await symlink(process.execPath, path.join(bin, 'node'));
    const result = spawnSync(process.execPath, ['bin/sitrep.js', 'worker', '--feeds', 'config/feeds.yaml', '--data-dir', bin], {
      env: { ...process.env, PATH: bin, REDIS_URL: '' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('no redis-server on PATH');
    expect(result.stderr).toContain('REDIS_URL');
    await rm(bin, { recursive: true, force: true });
  });
});
