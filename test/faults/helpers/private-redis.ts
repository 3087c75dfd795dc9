import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { startEmbeddedRedis, type EmbeddedRedis } from '../../../src/redis/embedded-redis.ts';

/** A redis-server of a test's own (AOF on, free loopback port, never 6379) that can be stopped and started again on the same port and data. */
export interface PrivateRedis {
  url: string;
  port: number;
  dataDir: string;
  /** A client that rides out restarts (commands queue while it is down). */
  client: Redis;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sitrep-fault-redis-'));
  let server: EmbeddedRedis | null = await startEmbeddedRedis({ dataDir, appendOnly: true });
  const { port, url } = server;
  const client = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: () => 100 });
  client.on('error', () => undefined);
  return {
    url,
    port,
    dataDir,
    client,
    stop: async () => {
      await server?.stop();
      server = null;
    },
    start: async () => {
      if (!server) server = await startEmbeddedRedis({ dataDir, port, appendOnly: true });
    },
    close: async () => {
      client.disconnect();
      await server?.stop();
      server = null;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
