import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { inject } from 'vitest';
import { createTestContext, type TestContext } from '../helpers/test-context.ts';
import { readFileSync } from 'node:fs';
import { RedisDedupIndex } from '../../src/dedup/redis-dedup-index.ts';
import { MemoryDedupIndex } from '../../src/dedup/memory-dedup-index.ts';
import { RedisKeys } from '../../src/queue/names.ts';
import { computeSignature, type DedupSignature } from '../../src/dedup/index.ts';
import { tagCountries } from '../../src/tag/countries/index.ts';
import { emptyEntities } from '../../src/model/entities.ts';

const TEXT = 'As many as 3,000 North Korean troops will reportedly form part of the Special Buryat Battalion within Moscow\'s 11th Separate Airborne Assault Brigade, according to Ukrainian military intelligence.';
const sig = (text: string): DedupSignature => computeSignature(text, { ...emptyEntities(), countries: tagCountries(text) });
const id = (n: number) => n.toString(16).padStart(32, '0');
const published = '2024-10-16T09:00:00Z';

describe('RedisDedupIndex', () => {
  let ctx: TestContext;
  beforeAll(async () => { ctx = await createTestContext(); });
  afterAll(async () => { await ctx.cleanup(); });

  const check = (index: RedisDedupIndex, recordId: string, text: string, domain: string, nowMs?: number) => {
    const signature = sig(text);
    return index.checkAndInsert({ recordId, contentHash: signature.contentHash, sourceDomain: domain, signature, publishedAt: published }, nowMs);
  };

  it('when 20 copies are checked at once, then exactly one is the original and all share its cluster', async () => {
    const index = new RedisDedupIndex(ctx.redis, ctx.keys, { windowSeconds: 3_600 });
    const copies = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? TEXT : `${TEXT} - Reuters`));
    const verdicts = await Promise.all(copies.map((text, i) => check(index, id(100 + i), text, `outlet${i % 5}.example`)));
    const originals = verdicts.filter((v) => v.duplicateOf === null);
    expect(originals).toHaveLength(1);
    const cluster = originals[0]!.cluster;
    expect(verdicts.every((v) => v.cluster === cluster && (v.duplicateOf === null || v.duplicateOf === cluster))).toBe(true);
    expect(Math.max(...verdicts.map((v) => v.sources))).toBe(5);
  });

  it('when a truncated copy and an edited copy arrive, then both point at the first; a figure change does not', async () => {
    const index = new RedisDedupIndex(ctx.redis, ctx.keys, { windowSeconds: 3_600 });
    const base = 'Israeli air strikes killed at least 24 people across the Gaza Strip overnight, health officials said, as mediators pressed for a ceasefire before the weekend.';
    const first = await check(index, id(1), base, 'a.example');
    expect(first).toMatchObject({ duplicateOf: null, cluster: id(1), story: id(1), match: 'none', sources: 1 });
    const truncated = await check(index, id(2), 'Israeli air strikes killed at least 24 people across the Gaza Strip overnight, health ...', 'b.example');
    expect(truncated).toMatchObject({ duplicateOf: id(1), cluster: id(1), match: 'near', sources: 2 });
    const edited = await check(index, id(3), base.replace('said', 'says'), 'c.example');
    expect(edited).toMatchObject({ duplicateOf: id(1), match: 'near', sources: 3 });
    const figure = await check(index, id(4), base.replace('24', '31'), 'd.example');
    expect(figure.duplicateOf).toBeNull();
  });

  it('when a record is retried, then it gets the same verdict', async () => {
    const index = new RedisDedupIndex(ctx.redis, ctx.keys, { windowSeconds: 3_600 });
    const text = 'Taiwan detected 27 Chinese military aircraft and nine navy ships around the island in the past 24 hours, the defence ministry said on Saturday.';
    const a = await check(index, id(10), text, 'a.example');
    const b = await check(index, id(11), `WATCH: ${text}`, 'b.example');
    // Sources may have grown since; the rest of the verdict is the same.
    const { sources: _a, ...restA } = a;
    const { sources: _b, ...restB } = b;
    expect(await check(index, id(10), text, 'a.example')).toMatchObject(restA);
    expect(await check(index, id(11), `WATCH: ${text}`, 'b.example')).toEqual(b);
    expect(b.duplicateOf).toBe(id(10));
  });

  it('when the same story is told in other words, then story is shared and cluster is not', async () => {
    const index = new RedisDedupIndex(ctx.redis, ctx.keys, { windowSeconds: 3_600 });
    const a = await check(index, id(20), 'Sudan\'s paramilitary Rapid Support Forces shelled the city of El Fasher for a third day, killing at least 12 civilians sheltering in a hospital, medics said.', 'a.example');
    const b = await check(index, id(21), 'The RSF shelled El Fasher in Sudan for a third straight day, killing at least 12 civilians who had taken shelter in a hospital, according to medics.', 'b.example');
    expect(b).toMatchObject({ duplicateOf: null, cluster: id(21), story: a.story, match: 'story' });
  });

  it('when every labelled pair goes through Redis and the in-memory index, then the verdicts agree', async () => {
    const pairs = readFileSync(new URL('../fixtures/dedup/pairs.jsonl', import.meta.url), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { a: string; b: string });
    const nowMs = Date.UTC(2031, 0, 1);
    for (const [i, pair] of pairs.entries()) {
      const redisIndex = new RedisDedupIndex(ctx.redis, new RedisKeys(`${ctx.keys.prefix}:pair${i}`), { windowSeconds: 3_600 });
      const memoryIndex = new MemoryDedupIndex({ windowSeconds: 3_600 });
      for (const [n, text] of [pair.a, pair.b].entries()) {
        const signature = sig(text);
        const input = { recordId: id(1000 + n), contentHash: signature.contentHash, sourceDomain: `s${n}`, signature, publishedAt: published };
        const fromRedis = await redisIndex.checkAndInsert(input, nowMs);
        expect(fromRedis, `pair ${i + 1} item ${n}`).toEqual(memoryIndex.checkAndInsertSync(input, nowMs));
      }
    }
  });

  it('keeps every key under the prefix with a TTL, and forgets entries after the window', async () => {
    const windowSeconds = 400;
    const index = new RedisDedupIndex(ctx.redis, ctx.keys, { windowSeconds });
    const t0 = Date.UTC(2030, 0, 1);
    const text = 'Finland will build a fence along part of its 1,340-kilometre border with Russia after a surge of asylum seekers arriving at crossings in the far north.';
    await check(index, id(30), text, 'a.example', t0);
    expect((await check(index, id(31), text, 'b.example', t0 + 200_000)).duplicateOf).toBe(id(30));
    // Past the window plus one generation: a new original.
    expect((await check(index, id(32), text, 'c.example', t0 + (windowSeconds + windowSeconds / 4 + 100) * 1000 * 2)).duplicateOf).toBeNull();
    const redis = new Redis(inject('redisUrl'));
    const keys = await redis.keys(`${ctx.keys.dedupIndexPrefix()}:*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(await redis.ttl(key)).toBeGreaterThan(0);
    await redis.quit();
  });
});
