// Where a sharding or capacity bench runs: one private redis-server or a private 3-master Redis Cluster, with
// the same questions asked of both: per-master CPU seconds and commandstats, which master holds a key, how a
// run's keys spread over the masters (by key group), and the settings/env a spawned `sitrep` needs to reach it.
import { Redis } from 'ioredis';
import { startBenchRedis, type BenchRedis } from './bench-env.ts';
import { startRedisCluster, type RedisCluster } from '../../test/helpers/redis-cluster.ts';
import { createTargetConnection, isClusterConnection } from '../../src/redis/connection.ts';
import { RedisKeys } from '../../src/queue/names.ts';
import { shardPrefix } from '../../src/queue/shards.ts';

export type TargetKind = 'single' | 'cluster';

export interface CommandStat {
  calls: number;
  usec: number;
}

/** One master's counters at one moment. */
export interface NodeSnapshot {
  cpuSeconds: number;
  commands: Map<string, CommandStat>;
  totalCommandsProcessed: number;
}

export interface NodeDelta {
  cpuSeconds: number;
  /** Commands executed, Lua-internal ones included (commandstats counts those too). */
  calls: number;
  commands: Array<[string, CommandStat]>;
}

export interface BenchTarget {
  kind: TargetKind;
  shards: number;
  /** Masters; on a cluster in slot order (nodes[0] owns slot 0). */
  nodes: Array<{ label: string; url: string; admin: Redis }>;
  /** For createSitrepRun (a cluster run blanks REDIS_URL through `env`). */
  redisUrl: string;
  /** Merged into a run's settings: `shards` and, on a cluster, `redis.cluster.nodes`. */
  settings(base: Record<string, unknown>): Record<string, unknown>;
  /** Env for spawned sitrep processes. */
  env: Record<string, string>;
  /** A client like the product's own (ioredis Redis, or a Cluster typed as one). */
  connect(): Redis;
  queuePrefix(runPrefix: string, shard: number): string;
  keys(runPrefix: string): RedisKeys;
  /** Index in `nodes` of the master that holds a key. */
  nodeOfKey(key: string): Promise<number>;
  snapshot(): Promise<NodeSnapshot[]>;
  /** Keys of a run per master, by key group (see keyGroup). */
  keyGroupsPerNode(runPrefix: string): Promise<Array<Record<string, number>>>;
  close(): Promise<void>;
}

export async function startBenchTarget(kind: TargetKind, shards: number): Promise<BenchTarget> {
  const layout = { shards, cluster: kind === 'cluster' };
  let single: BenchRedis | null = null;
  let cluster: RedisCluster | null = null;
  let urls: string[];
  if (kind === 'single') {
    single = await startBenchRedis();
    urls = [single.url];
  } else {
    cluster = await startRedisCluster({ masters: 3 });
    urls = cluster.urls;
  }
  const nodes = urls.map((url, index) => {
    const admin = new Redis(url, { maxRetriesPerRequest: null });
    admin.on('error', () => undefined);
    return { label: kind === 'cluster' ? `master${index}:${new URL(url).port}` : `redis:${new URL(url).port}`, url, admin };
  });
  const clientsMade: Redis[] = [];
  // Slot ranges -> node index, for nodeOfKey.
  let slotRanges: Array<{ from: number; to: number; node: number }> = [];
  if (cluster) {
    const ports = cluster.nodes.map((node) => node.port);
    const slots = await nodes[0]!.admin.cluster('SLOTS');
    slotRanges = slots.map(([from, to, master]) => ({ from, to, node: ports.indexOf(Number(master?.[1])) }));
  }
  const target: BenchTarget = {
    kind,
    shards,
    nodes,
    redisUrl: urls[0]!,
    settings: (base) => ({
      ...base,
      shards,
      ...(cluster ? { redis: { cluster: { nodes: cluster.nodes.map((node) => `${node.host}:${node.port}`) } } } : {}),
    }),
    // An empty REDIS_URL counts as unset (load-config skips empty env values): cluster config alone applies.
    env: cluster ? { REDIS_URL: '' } : {},
    connect: () => {
      const client = cluster
        ? createTargetConnection({ kind: 'cluster', nodes: cluster.seedNodes, natMap: {}, username: null, password: null, tls: false })
        : createTargetConnection({ kind: 'url', url: urls[0]! });
      clientsMade.push(client);
      return client;
    },
    queuePrefix: (runPrefix, shard) => shardPrefix(runPrefix, shard, layout),
    keys: (runPrefix) => new RedisKeys(runPrefix, { cluster: kind === 'cluster' }),
    nodeOfKey: async (key) => {
      if (!cluster) return 0;
      const slot = Number(await nodes[0]!.admin.cluster('KEYSLOT', key));
      return slotRanges.find((range) => slot >= range.from && slot <= range.to)?.node ?? -1;
    },
    snapshot: () => Promise.all(nodes.map((node) => snapshotNode(node.admin))),
    keyGroupsPerNode: (runPrefix) => Promise.all(nodes.map(async (node) => {
      const groups: Record<string, number> = {};
      let cursor = '0';
      do {
        const [next, keys] = await node.admin.scan(cursor, 'MATCH', `*${runPrefix}*`, 'COUNT', 2_000);
        cursor = next;
        for (const key of keys) {
          const group = keyGroup(key, runPrefix);
          groups[group] = (groups[group] ?? 0) + 1;
          // A sample of unclassified names, so a new key family shows up in the output.
          if (group === 'other' && groups[group] <= 2) groups[`other:${key.slice(0, 60)}`] = 1;
        }
      } while (cursor !== '0');
      return groups;
    })),
    close: async () => {
      // A Cluster client may still be reconnecting to a node as the nodes stop: not an error here.
      for (const client of clientsMade) {
        client.on('error', () => undefined);
        client.disconnect();
      }
      for (const node of nodes) node.admin.disconnect();
      await single?.close();
      await cluster?.stop();
    },
  };
  return target;
}

export async function snapshotNode(admin: Redis): Promise<NodeSnapshot> {
  // One round trip: INFO all would also do, but these three sections are all that is read.
  const [cpu, stats, commandstats] = await Promise.all([admin.info('cpu'), admin.info('stats'), admin.info('commandstats')]);
  const field = (text: string, name: string) => Number(new RegExp(`^${name}:(.*)$`, 'm').exec(text)?.[1] ?? 0);
  const commands = new Map<string, CommandStat>();
  for (const match of commandstats.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm)) {
    commands.set(match[1]!, { calls: Number(match[2]), usec: Number(match[3]) });
  }
  return {
    cpuSeconds: field(cpu, 'used_cpu_sys') + field(cpu, 'used_cpu_user'),
    commands,
    totalCommandsProcessed: field(stats, 'total_commands_processed'),
  };
}

/**
 * Per-master difference of two snapshots. `exclude` (per master index) takes calls the bench made itself
 * (e.g. its XLEN polls) off the counts; `info` is always left out (only the bench sends it).
 */
export function diffSnapshots(before: NodeSnapshot[], after: NodeSnapshot[], exclude: Record<number, Record<string, number>> = {}): NodeDelta[] {
  return after.map((end, index) => {
    const start = before[index]!;
    const commands: Array<[string, CommandStat]> = [];
    for (const [name, stat] of end.commands) {
      if (name === 'info') continue;
      const was = start.commands.get(name) ?? { calls: 0, usec: 0 };
      const calls = stat.calls - was.calls - (exclude[index]?.[name] ?? 0);
      if (calls > 0) commands.push([name, { calls, usec: stat.usec - was.usec }]);
    }
    commands.sort((a, b) => b[1].calls - a[1].calls);
    return {
      cpuSeconds: end.cpuSeconds - start.cpuSeconds,
      calls: commands.reduce((sum, [, stat]) => sum + stat.calls, 0),
      commands,
    };
  });
}

/** What a sitrep key is, by its name (queue keys by queue name, BullMQ's or sitrep's). */
export function keyGroup(key: string, runPrefix: string): string {
  const p = runPrefix;
  // Shard prefixes are `{p:i}` or, when balanced over the slot space, `{p:i~k}` (src/queue/shards.ts).
  const queue = new RegExp(`^(?:\\{${escape(p)}:[^}]*\\}|${escape(p)}):(fetch|items|articles)(?::|$)`).exec(key);
  if (queue) return `queue:${queue[1]}`;
  // On a cluster the dedup index and the record stream carry salted tags, `{p:dedup~k}` and `{p:records~k}`
  // (src/queue/names.ts); the stream's tag also covers its append marks and the throughput minutes.
  const tagged = new RegExp(`^\\{${escape(p)}:(dedup|records|throughput)(?:~\\d+)?\\}(.*)$`).exec(key);
  if (tagged) {
    const [, group, rest] = tagged;
    if (rest!.startsWith(':throughput:')) return 'throughput';
    if (rest!.startsWith(':sink:')) return 'sink-mark';
    return group!;
  }
  if (key.startsWith(`${p}:dedup:`) || key.startsWith(`${p}:dd`)) return 'dedup';
  if (key === `${p}:records`) return 'records';
  if (key.startsWith(`${p}:throughput:`)) return 'throughput';
  const rest = key.startsWith(`${p}:`) ? key.slice(p.length + 1) : '';
  const head = rest.split(':')[0] ?? '';
  if (head === 'feed') return 'feed-state';
  if (head === 'seen') return 'seen';
  if (head === 'host') return 'host';
  if (head === 'sink') return 'sink-mark';
  if (head === 'revision') return 'revision';
  if (['counters', 'workers', 'layout', 'feeds', 'lock'].includes(head)) return head;
  return 'other';
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** "127.0.0.1:port" of every socket a client holds (a Cluster's per-node ones too), for MONITOR filtering. */
export function localAddresses(client: Redis): string[] {
  const clients = isClusterConnection(client)
    ? (client as unknown as { nodes(role: string): Redis[] }).nodes('all')
    : [client];
  const out: string[] = [];
  for (const one of clients) {
    const stream = (one as unknown as { stream?: { localAddress?: string; localPort?: number } }).stream;
    if (stream?.localPort) out.push(`${stream.localAddress ?? '127.0.0.1'}:${stream.localPort}`);
  }
  return out;
}

export interface MonitorTally {
  /** Client round trips per node (MULTI...EXEC once, Lua-internal commands excluded). */
  roundTrips: number[];
  /** Lua-internal commands per node. */
  luaCommands: number[];
  /** Round trips by label ("<command> <key group>", EVALSHA by its first key's group and key count). */
  byLabel: Map<string, number>;
  stop(): Promise<void>;
}

/**
 * MONITOR on every master. Commands from the `ignore` addresses (the bench's own sockets) are not counted.
 * On a cluster, a round trip is per master: a pipelined batch counts each command, as in polling.bench.ts.
 */
export async function monitorRoundTrips(target: BenchTarget, runPrefix: string, ignore: () => Set<string>): Promise<MonitorTally> {
  const tally: MonitorTally = {
    roundTrips: target.nodes.map(() => 0),
    luaCommands: target.nodes.map(() => 0),
    byLabel: new Map(),
    stop: async () => undefined,
  };
  // monitor() opens its own connection (a duplicate of the admin one).
  const monitors = await Promise.all(target.nodes.map((node) => node.admin.monitor()));
  for (const monitor of monitors) monitor.on('error', () => undefined);
  const ignored = ignore();
  monitors.forEach((monitor, index) => {
    const inTransaction = new Map<string, string>();
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      if (source === 'lua') {
        tally.luaCommands[index]!++;
        return;
      }
      if (ignored.has(source)) return;
      const name = (args[0] ?? '').toLowerCase();
      if (name === 'exec' || name === 'discard') {
        const label = inTransaction.get(source);
        inTransaction.delete(source);
        if (label !== undefined) count(`multi[${label}]`);
        return;
      }
      const label = labelOf(name, args, runPrefix);
      if (inTransaction.has(source)) {
        if (inTransaction.get(source) === '') inTransaction.set(source, label);
        return;
      }
      if (name === 'multi') {
        inTransaction.set(source, '');
        tally.roundTrips[index]!++;
        return;
      }
      tally.roundTrips[index]!++;
      count(label);
    });
  });
  function count(label: string) {
    tally.byLabel.set(label, (tally.byLabel.get(label) ?? 0) + 1);
  }
  tally.stop = async () => {
    for (const monitor of monitors) monitor.disconnect();
  };
  return tally;
}

function labelOf(name: string, args: string[], runPrefix: string): string {
  if (name === 'evalsha' || name === 'eval') {
    const keyCount = Number(args[2] ?? 0);
    const firstKey = keyCount > 0 ? args[3] ?? '' : '';
    return `${name} ${keyCount > 0 ? keyGroup(firstKey, runPrefix) : 'no-keys'}/${keyCount}`;
  }
  const key = args[1];
  return key === undefined ? name : `${name} ${keyGroup(key, runPrefix)}`;
}
