import { execFile, spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import {
  findOnPath,
  freePort,
  REDIS_INSTALL_HINT,
  startEmbeddedRedis,
  type EmbeddedRedis,
} from '../../src/redis/embedded-redis.ts';

/**
 * A private Redis Cluster of N masters (no replicas) on loopback, for tests and benches of the
 * sharded queues ({sitrep:0}, {sitrep:1}, … prefixes). Debian package: `redis-server` (gives
 * redis-server and redis-cli). Every node is a child process killed when this process exits.
 */
export interface RedisClusterNode {
  host: '127.0.0.1';
  port: number;
  pid: number;
}

export interface RedisCluster {
  /** Masters in slot order: nodes[0] owns the lowest slot range. */
  nodes: RedisClusterNode[];
  urls: string[];
  /** For `new Cluster(seedNodes, …)`. */
  seedNodes: Array<{ host: string; port: number }>;
  /** Keys per master, aligned with `nodes`: DBSIZE, or a SCAN MATCH count when a pattern is given. */
  keyCountsPerNode(pattern?: string): Promise<number[]>;
  /** used_cpu_sys + used_cpu_user (INFO cpu) per master, aligned with `nodes`. */
  cpuSecondsPerNode(): Promise<number[]>;
  /** SIGKILLs one master (a crash, not a shutdown) and waits for it to exit. Its slots stay unserved. */
  killNode(index: number): Promise<void>;
  /** Kills every node and removes the per-node data dirs. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartRedisClusterOptions {
  masters?: number;
  /** Parent of the per-node data dirs; a fresh temp dir (removed by stop) when omitted. */
  dir?: string;
  startTimeoutMs?: number;
}

const CLUSTER_BUS_OFFSET = 10_000;
const TOTAL_SLOTS = 16_384;
const execFileAsync = promisify(execFile);

export async function startRedisCluster(options: StartRedisClusterOptions = {}): Promise<RedisCluster> {
  const masters = options.masters ?? 3;
  if (!Number.isInteger(masters) || masters < 3) {
    // redis-cli --cluster create refuses fewer than 3 masters.
    throw new Error(`a Redis Cluster needs at least 3 masters, got ${masters}`);
  }
  const redisCli = findOnPath('redis-cli');
  if (!redisCli) throw new Error(`no redis-cli on PATH. ${REDIS_INSTALL_HINT}`);
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  const deadline = Date.now() + startTimeoutMs;

  const ownsRoot = options.dir === undefined;
  const root = options.dir ?? (await mkdtemp(path.join(os.tmpdir(), 'sitrep-redis-cluster-')));
  await mkdir(root, { recursive: true });

  interface StartedNode { server: EmbeddedRedis; admin: Redis; pid: number }
  let started: StartedNode[] = [];
  const killed = new Set<number>();
  let stopped = false;
  const watchdog = startWatchdog(root, ownsRoot);

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    for (const node of started) node.admin.disconnect();
    await Promise.all(started.map((node) => node.server.stop()));
    await Promise.all(started.map((node) => rm(node.server.dataDir, { recursive: true, force: true })));
    if (ownsRoot) await rm(root, { recursive: true, force: true });
    watchdog.disarm();
  };

  try {
    const taken = new Set<number>();
    for (let i = 0; i < masters; i++) {
      const server = await startClusterNode(root, taken);
      const admin = adminConnection(server.port);
      const node: StartedNode = { server, admin, pid: 0 };
      started.push(node);
      node.pid = Number(infoField(await admin.info('server'), 'process_id'));
      watchdog.guard(node.pid, server.dataDir);
    }

    const addresses = started.map((node) => `127.0.0.1:${node.server.port}`);
    try {
      await execFileAsync(redisCli, ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes'], {
        timeout: Math.max(1_000, deadline - Date.now()),
      });
    } catch (err) {
      const output = err as { stdout?: string; stderr?: string; message: string };
      throw new Error(`redis-cli --cluster create failed: ${output.message}\n${output.stdout ?? ''}${output.stderr ?? ''}`.slice(0, 4_000));
    }
    await waitForClusterOk(started.map((node) => node.admin), masters, deadline);

    // Slot order makes the layout predictable: with 3 masters, nodes[0] owns 0-5460.
    const order = await slotOrder(started.map((node) => node.admin));
    started = order.map((i) => started[i] as StartedNode);
    const nodes: RedisClusterNode[] = started.map((node) => ({ host: '127.0.0.1', port: node.server.port, pid: node.pid }));

    const liveAdmin = (index: number): Redis => {
      const node = started[index];
      if (!node || killed.has(index) || stopped) throw new Error(`cluster node ${index} (:${nodes[index]?.port}) was killed or stopped`);
      return node.admin;
    };

    return {
      nodes,
      urls: nodes.map((node) => `redis://${node.host}:${node.port}`),
      seedNodes: nodes.map((node) => ({ host: node.host, port: node.port })),
      keyCountsPerNode: (pattern) =>
        Promise.all(nodes.map((_, i) => (pattern === undefined ? liveAdmin(i).dbsize() : scanCount(liveAdmin(i), pattern)))),
      cpuSecondsPerNode: () =>
        Promise.all(nodes.map(async (_, i) => {
          const info = await liveAdmin(i).info('cpu');
          return Number(infoField(info, 'used_cpu_sys')) + Number(infoField(info, 'used_cpu_user'));
        })),
      killNode: async (index) => {
        const node = started[index];
        if (!node) throw new Error(`no cluster node ${index}`);
        if (killed.has(index) || stopped) return;
        killed.add(index);
        node.admin.disconnect();
        process.kill(node.pid, 'SIGKILL');
        await node.server.stop();
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * A shell that holds the read end of a pipe from this process. When this process dies in any way
 * (vitest ends its forks with SIGTERM, so 'exit' handlers do not run), the pipe closes and the
 * shell SIGKILLs the nodes and removes their data. stop() disarms it first.
 */
function startWatchdog(root: string, ownsRoot: boolean): { guard(pid: number, dataDir: string): void; disarm(): void } {
  const script = [
    'pids=""; dirs=""',
    // Data dirs are under $ROOT and named node-<port>: only the name travels through the pipe.
    'while read -r pid dir; do pids="$pids $pid"; dirs="$dirs $dir"; done',
    'kill -9 $pids 2>/dev/null',
    'if [ "$OWNS_ROOT" = 1 ]; then rm -rf "$ROOT"; else for d in $dirs; do rm -rf "$ROOT/$d"; done; fi',
  ].join('\n');
  const shell = spawn('/bin/sh', ['-c', script], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ROOT: root, OWNS_ROOT: ownsRoot ? '1' : '0' },
  });
  shell.on('error', () => undefined);
  shell.stdin.on('error', () => undefined);
  // Neither the shell nor its pipe may keep this process alive.
  shell.unref();
  (shell.stdin as unknown as { unref?: () => void }).unref?.();
  return {
    guard: (pid, dataDir) => {
      shell.stdin.write(`${pid} ${path.basename(dataDir)}\n`);
    },
    disarm: () => {
      shell.kill('SIGKILL');
      shell.stdin.destroy();
    },
  };
}

/** Starts one cluster-enabled redis-server whose port and bus port (port + 10000) were both free. */
async function startClusterNode(root: string, taken: Set<number>): Promise<EmbeddedRedis> {
  let lastError: unknown;
  // Ports can be grabbed between probing and binding: retry with fresh ones.
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freeClusterPort(taken);
    const dataDir = path.join(root, `node-${port}`);
    try {
      const server = await startEmbeddedRedis({
        dataDir,
        port,
        appendOnly: true,
        extraArgs: [
          '--cluster-enabled', 'yes',
          '--cluster-config-file', `nodes-${port}.conf`,
          '--cluster-node-timeout', '2000',
        ],
      });
      taken.add(port);
      taken.add(port + CLUSTER_BUS_OFFSET);
      return server;
    } catch (err) {
      lastError = err;
      await rm(dataDir, { recursive: true, force: true });
    }
  }
  throw new Error(`could not start a cluster node: ${(lastError as Error)?.message ?? lastError}`, { cause: lastError });
}

async function freeClusterPort(taken: Set<number>): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await freePort();
    const busPort = port + CLUSTER_BUS_OFFSET;
    if (port === 6379 || busPort > 65_535) continue;
    if (taken.has(port) || taken.has(busPort)) continue;
    if (await portIsFree(busPort)) return port;
  }
  throw new Error('found no free loopback port whose cluster bus port (+10000) is also free');
}

export function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

function adminConnection(port: number): Redis {
  // No reconnect loop: a killed node should fail calls, not retry forever.
  const admin = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1, retryStrategy: () => null, lazyConnect: false });
  admin.on('error', () => undefined);
  return admin;
}

async function waitForClusterOk(admins: Redis[], masters: number, deadline: number): Promise<void> {
  let last = '';
  while (Date.now() < deadline) {
    const infos = await Promise.all(admins.map((admin) => admin.cluster('INFO') as Promise<string>));
    const ready = infos.every((info) =>
      infoField(info, 'cluster_state') === 'ok' &&
      Number(infoField(info, 'cluster_slots_assigned')) === TOTAL_SLOTS &&
      Number(infoField(info, 'cluster_known_nodes')) === masters);
    if (ready) return;
    last = infos.join('\n---\n');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Redis Cluster did not reach cluster_state:ok in time:\n${last}`);
}

/** Indexes of `admins` sorted by the lowest slot each node owns. */
async function slotOrder(admins: Redis[]): Promise<number[]> {
  const lowest = await Promise.all(admins.map(async (admin) => {
    const myId = (await admin.cluster('MYID')) as string;
    const ranges = await admin.cluster('SLOTS');
    return Math.min(...ranges.filter((range) => range[2]?.[2] === myId).map((range) => range[0]));
  }));
  return admins.map((_, i) => i).sort((a, b) => (lowest[a] as number) - (lowest[b] as number));
}

async function scanCount(admin: Redis, pattern: string): Promise<number> {
  let cursor = '0';
  let count = 0;
  do {
    const [next, keys] = await admin.scan(cursor, 'MATCH', pattern, 'COUNT', 1_000);
    cursor = next;
    count += keys.length;
  } while (cursor !== '0');
  return count;
}

function infoField(info: string, field: string): string | undefined {
  const match = new RegExp(`^${field}:(.*)$`, 'm').exec(info);
  return match?.[1]?.trim();
}
