import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedRedis, type EmbeddedRedis } from '../../src/redis/embedded-redis.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

let redis: EmbeddedRedis | undefined;
let dir: string | undefined;

/** One private redis-server on a free loopback port for the whole run (never the shared 6379). */
export async function setup(project: TestProject): Promise<void> {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sitrep-test-redis-'));
  redis = await startEmbeddedRedis({ dataDir: dir, appendOnly: false });
  project.provide('redisUrl', redis.url);
}

export async function teardown(): Promise<void> {
  await redis?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
}
