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

export const CLUSTER_SLOTS = 16_384;

/** Redis Cluster's key hash: CRC16-CCITT (XMODEM) of the text, mod 16384. */
export function clusterSlot(tag: string): number {
  let crc = 0;
  for (const byte of Buffer.from(tag, 'utf8')) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc % CLUSTER_SLOTS;
}

const tagCache = new Map<string, string[]>();

/** `base`, or the first `base~k`, whose slot falls in slice `slice` of `slices` equal slices of the slot space. */
export function tagInSlice(base: string, slice: number, slices: number): string {
  const sliceOf = (tag: string) => Math.floor((clusterSlot(tag) * slices) / CLUSTER_SLOTS);
  let tag = base;
  for (let salt = 1; sliceOf(tag) !== slice; salt++) tag = `${base}~${salt}`;
  return tag;
}

/**
 * Hash tags of N shards whose slots fall in N different equal slices of the slot space, so a cluster whose
 * masters hold equal contiguous slot ranges (what `redis-cli --cluster create` makes) gets the shards spread
 * evenly instead of by the luck of the prefix text. Shard i keeps `prefix:i` when its slice is free and
 * otherwise takes the first `prefix:i~k` that lands in a free one. Deterministic in (prefix, N).
 */
export function shardTags(prefix: string, shards: number): string[] {
  const cacheKey = `${prefix}\u0000${shards}`;
  const cached = tagCache.get(cacheKey);
  if (cached) return cached;
  const sliceOf = (tag: string) => Math.floor((clusterSlot(tag) * shards) / CLUSTER_SLOTS);
  const taken = new Set<number>();
  const tags: string[] = [];
  for (let shard = 0; shard < shards; shard++) {
    let tag = `${prefix}:${shard}`;
    for (let salt = 1; taken.has(sliceOf(tag)); salt++) tag = `${prefix}:${shard}~${salt}`;
    taken.add(sliceOf(tag));
    tags.push(tag);
  }
  tagCache.set(cacheKey, tags);
  return tags;
}

/**
 * BullMQ prefix of a shard. One shard on a single Redis keeps the plain prefix (the layout before sharding,
 * so existing queues are found); otherwise `{tag}` with the shard's tag from shardTags: the braces make Redis
 * Cluster hash only the tag, so all of a shard's queue keys share one slot.
 */
export function shardPrefix(prefix: string, shard: number, layout: { shards: number; cluster: boolean }): string {
  return layout.shards === 1 && !layout.cluster ? prefix : `{${shardTags(prefix, layout.shards)[shard]}}`;
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
