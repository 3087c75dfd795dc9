import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';

/** Where Redis is: one server (url), a Redis Cluster (seed nodes) or a master found through Sentinel. */
export type RedisTarget =
  | { kind: 'url'; url: string }
  | { kind: 'cluster'; nodes: HostPort[]; natMap: Record<string, HostPort>; username: string | null; password: string | null; tls: boolean }
  | { kind: 'sentinel'; sentinels: HostPort[]; name: string; username: string | null; password: string | null; sentinelPassword: string | null; tls: boolean };

export interface HostPort {
  host: string;
  port: number;
}

/**
 * ioredis connection options every sitrep connection shares. `maxRetriesPerRequest: null` is what BullMQ
 * workers require (blocking commands must not fail after N retries); reconnects back off up to 2 s
 * so a Redis restart is ridden out without a crash loop.
 */
function baseOptions(): RedisOptions {
  return {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 5), 2_000),
  };
}

export function createRedisConnection(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { ...baseOptions(), ...options });
}

/**
 * A connection to the target. A Cluster client speaks the same commands as a Redis one (BullMQ accepts
 * either), so it is typed as Redis; sitrep's keys are hash-tagged so multi-key scripts stay in one slot.
 */
export function createTargetConnection(target: RedisTarget, options: RedisOptions = {}): Redis {
  if (target.kind === 'url') return createRedisConnection(target.url, options);
  const tls = target.tls ? { tls: {} } : {};
  const auth = { ...(target.username ? { username: target.username } : {}), ...(target.password ? { password: target.password } : {}) };
  if (target.kind === 'sentinel') {
    return new Redis({
      ...baseOptions(),
      ...auth,
      ...tls,
      sentinels: target.sentinels,
      name: target.name,
      ...(target.sentinelPassword ? { sentinelPassword: target.sentinelPassword } : {}),
      ...(target.tls ? { sentinelTLS: {}, enableTLSForSentinelMode: true } : {}),
      ...options,
    });
  }
  const { enableAutoPipelining, ...redisOptions } = options;
  const natMap = Object.fromEntries(Object.entries(target.natMap).map(([from, to]) => [from, { host: to.host, port: to.port }]));
  const clusterOptions: ClusterOptions = {
    enableAutoPipelining: enableAutoPipelining ?? false,
    enableReadyCheck: true,
    clusterRetryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 5), 2_000),
    ...(Object.keys(natMap).length > 0 ? { natMap } : {}),
    ...(target.tls ? { dnsLookup: (address, callback) => callback(null, address) } : {}),
    redisOptions: { ...baseOptions(), ...auth, ...tls, ...redisOptions },
  };
  return new Cluster(target.nodes, clusterOptions) as unknown as Redis;
}

/** How a target is named in logs and `status` (no credentials). */
export function describeTarget(target: RedisTarget): string {
  if (target.kind === 'url') return target.url;
  const list = (nodes: HostPort[]) => nodes.map((node) => `${node.host}:${node.port}`).join(',');
  return target.kind === 'cluster' ? `cluster ${list(target.nodes)}` : `sentinel ${target.name}@${list(target.sentinels)}`;
}

export function isClusterConnection(connection: Redis): boolean {
  return (connection as unknown) instanceof Cluster;
}
