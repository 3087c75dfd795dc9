import { describe, expect, it } from 'vitest';
import { CLUSTER_SLOTS, clusterSlot, fnv1a32, parseShardList, shardOfFeed, shardPrefix, shardTags } from '../../../src/queue/shards.ts';
import { RedisKeys } from '../../../src/queue/names.ts';

describe('queue shards', () => {
  it('hashes feed ids with FNV-1a (known vectors) so a feed keeps its shard across processes and versions', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('spreads 3,000 feed ids over 3 shards within 10% of even, and one shard takes everything', () => {
    const counts = [0, 0, 0];
    for (let index = 0; index < 3_000; index++) counts[shardOfFeed(`feed-${index}`, 3)]!++;
    for (const count of counts) expect(Math.abs(count - 1_000)).toBeLessThan(100);
    expect(shardOfFeed('anything', 1)).toBe(0);
  });

  it('keeps the plain prefix for one shard on a single Redis and hash-tags it otherwise', () => {
    expect(shardPrefix('sitrep', 0, { shards: 1, cluster: false })).toBe('sitrep');
    expect(shardPrefix('sitrep', 0, { shards: 1, cluster: true })).toBe('{sitrep:0}');
    expect(shardPrefix('news', 2, { shards: 3, cluster: false })).toBe('{news:2}');
  });

  it('parses --shards lists and ranges, and names the bad part', () => {
    expect(parseShardList('0,2', 3)).toEqual([0, 2]);
    expect(parseShardList('1-3,0', 4)).toEqual([0, 1, 2, 3]);
    expect(parseShardList('all', 2)).toEqual([0, 1]);
    expect(() => parseShardList('3', 3)).toThrow(/shard 3 does not exist \(shards: 3, so 0-2\)/);
    expect(() => parseShardList('x', 3)).toThrow(/"x" is not a shard number/);
    expect(() => parseShardList('2-1', 3)).toThrow(/runs backwards/);
  });
});

describe('RedisKeys on a cluster', () => {
  const slotTag = (key: string) => /\{([^}]+)\}/.exec(key)?.[1];

  it('gives keys used together one hash tag: feed state and seen set, host politeness pair, stream and its marks', () => {
    const keys = new RedisKeys('sitrep', { cluster: true });
    expect(slotTag(keys.feedState('bbc'))).toBe('bbc');
    expect(slotTag(keys.seen('bbc'))).toBe('bbc');
    expect(slotTag(keys.hostLastStart('example.com'))).toBe(slotTag(keys.hostSlots('example.com')));
    expect(slotTag(keys.sinkMark('stream', 'r1'))).toBe(slotTag(keys.recordStream()));
    expect(slotTag(keys.exactDedup('abc'))).toBe(slotTag(keys.dedupIndexPrefix()));
    expect(slotTag(keys.throughputMinute(1))).toBe(slotTag(keys.throughputMinute(2)));
  });

  it('puts the dedup index and the record stream in different thirds of the slot space (different masters of an even 3-master cluster)', () => {
    for (const prefix of ['sitrep', 'news', 'prod']) {
      const keys = new RedisKeys(prefix, { cluster: true });
      const third = (key: string) => Math.floor((clusterSlot(slotTag(key)!) * 3) / CLUSTER_SLOTS);
      expect(third(keys.dedupIndexPrefix())).toBe(0);
      expect(third(keys.recordStream())).toBe(2);
    }
  });

  it('keeps the names of a single Redis unchanged', () => {
    const keys = new RedisKeys('sitrep');
    expect(keys.feedState('bbc')).toBe('sitrep:feed:bbc');
    expect(keys.seen('bbc')).toBe('sitrep:seen:bbc');
    expect(keys.sinkMark('stream', 'r1')).toBe('sitrep:sink:stream:r1');
    expect(keys.recordStream()).toBe('sitrep:records');
    expect(keys.dedupIndexPrefix()).toBe('sitrep:dd');
  });
});

describe('shard hash tags on a cluster', () => {
  it('computes Redis Cluster slots (CRC16 XMODEM) as Redis documents them', () => {
    expect(clusterSlot('123456789')).toBe(0x31c3);
    expect(clusterSlot('foo')).toBe(12_182);
    expect(clusterSlot('bar')).toBe(5_061);
  });

  it.each(['sitrep', 'news', 'prod', 'staging', 'feeds'])('puts the shards of prefix %s in different equal slices of the slot space', (prefix) => {
    for (const shards of [2, 3, 4, 6, 8]) {
      const slices = shardTags(prefix, shards).map((tag) => Math.floor((clusterSlot(tag) * shards) / CLUSTER_SLOTS));
      expect(new Set(slices).size).toBe(shards);
    }
  });

  it('keeps {prefix:i} where its slice is free, so the default prefix reads as documented', () => {
    expect(shardTags('sitrep', 3)).toEqual(['sitrep:0', 'sitrep:1', 'sitrep:2']);
    expect(shardPrefix('sitrep', 1, { shards: 3, cluster: true })).toBe('{sitrep:1}');
  });
});
