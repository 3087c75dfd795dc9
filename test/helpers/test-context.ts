import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { pino } from 'pino';
import { Redis } from 'ioredis';
import { settingsSchema, type SitrepConfig } from '../../src/config/index.ts';
import { createContext, type SitrepContext } from '../../src/app/context.ts';
import type { FeedConfig } from '../../src/model/index.ts';

export interface TestContext extends SitrepContext {
  dataDir: string;
  /** Closes the context, deletes its keys and its data dir. */
  cleanup(): Promise<void>;
}

/** A context on the run's private Redis with its own key prefix and data dir. */
export async function createTestContext(feeds: FeedConfig[] = [], overrides: Record<string, unknown> = {}): Promise<TestContext> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sitrep-test-'));
  const prefix = `test-${randomUUID().slice(0, 8)}`;
  const settings = settingsSchema.parse({
    dataDir,
    redis: { url: inject('redisUrl'), prefix },
    fetch: { allowPrivateNetworks: true, connectTimeoutMs: 2_000, totalTimeoutMs: 5_000, hostMinGapMs: 0 },
    schedule: { minInterval: 1 },
    jobs: { backoffMs: 50 },
    log: { level: 'silent' },
    ...overrides,
  });
  const config: SitrepConfig = { settings, feeds, configFile: '(test)', feedsFile: '(test)' };
  const context = await createContext(config, pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }));
  return Object.assign(context, {
    dataDir,
    cleanup: async () => {
      await context.close();
      const redis = new Redis(inject('redisUrl'));
      // Sharded queues live under `{prefix:N}` (hash-tagged), not `prefix:`.
      const keys = [...await redis.keys(`${prefix}:*`), ...await redis.keys(`{${prefix}:*`)];
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
      await rm(dataDir, { recursive: true, force: true });
    },
  });
}

export function feedConfig(id: string, url: string, intervalSeconds = 3_600): FeedConfig {
  return { id, url, intervalSeconds, tags: [], fetchArticle: false };
}

/** Polls until the predicate holds or the timeout passes (then throws with the label). */
export async function waitFor<T>(label: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`timed out waiting for ${label}${last ? `: ${(last as Error).message}` : ''}`);
}
