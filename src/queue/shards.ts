/**
 * Queue shards. A feed's polls and items go to shard hash(feed id) mod N; each shard has its own BullMQ
 * queues under a hash-tagged prefix so that on Redis Cluster a whole shard lives in one slot (BullMQ needs
 * all keys of a queue in one slot) and different shards can live on different masters.
 */

/** FNV-1a, 32 bits: stable across processes and versions (a feed must not change shard by itself). */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function shardOfFeed(feedId: string, shards: number): number {
  return shards <= 1 ? 0 : fnv1a32(feedId) % shards;
}

/**
 * BullMQ prefix of a shard. One shard on a single Redis keeps the plain prefix (the layout before sharding,
 * so existing queues are found); otherwise `{prefix:i}`, whose braces make Redis Cluster hash only `prefix:i`.
 */
export function shardPrefix(prefix: string, shard: number, layout: { shards: number; cluster: boolean }): string {
  return layout.shards === 1 && !layout.cluster ? prefix : `{${prefix}:${shard}}`;
}

/** Parses `--shards 0,2` (or "all") against the configured count; throws a message naming the bad part. */
export function parseShardList(text: string, shards: number): number[] {
  if (text.trim() === '' || text.trim() === 'all') return allShards(shards);
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const range = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!range) throw new Error(`--shards: "${part}" is not a shard number or range (e.g. 0,2 or 0-3)`);
    const from = Number(range[1]);
    const to = range[2] === undefined ? from : Number(range[2]);
    if (to < from) throw new Error(`--shards: range "${part}" runs backwards`);
    for (let shard = from; shard <= to; shard++) {
      if (shard >= shards) throw new Error(`--shards: shard ${shard} does not exist (shards: ${shards}, so 0-${shards - 1})`);
      out.add(shard);
    }
  }
  return [...out].sort((a, b) => a - b);
}

export function allShards(shards: number): number[] {
  return Array.from({ length: shards }, (_, index) => index);
}
