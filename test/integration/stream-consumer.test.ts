import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { RedisStreamSink } from '../../src/sinks/index.ts';
import { buildRecord } from '../../src/record/index.ts';
import { emptyEntities, type SitrepRecord } from '../../src/model/index.ts';
import { consumeBatch, ensureConsumerGroup, runStreamConsumer, setGroupPosition, type StreamRecordMessage } from '../../src/consumers/stream-consumer.ts';
import { createTestContext, waitFor, type TestContext } from '../helpers/test-context.ts';

function record(n: number): SitrepRecord {
  const id = n.toString(16).padStart(32, '0');
  return buildRecord({
    id, feed: { id: 'f', url: 'https://f.example/rss', title: 'F' }, sourceName: 'F', url: null, guid: id,
    title: `title ${n}`, snippet: 's', truncated: false, language: null, publishedAt: null, fetchedAt: '2024-10-16T00:00:00.000Z',
    dedup: { contentHash: 'h', fingerprint: 'f', duplicateOf: null, cluster: id, story: id, sources: 1 },
    entities: { ...emptyEntities(), countries: [{ iso2: 'UA', name: 'Ukraine', mentions: [] }] }, versions: { sitrep: '0', tagger: '0' },
  });
}

describe('stream consumer (consumer group on the record stream)', () => {
  let context: TestContext | undefined;
  afterEach(async () => {
    await context?.cleanup();
    context = undefined;
  });

  async function writeRecords(ctx: TestContext, from: number, to: number): Promise<void> {
    const sink = new RedisStreamSink(ctx.redis, ctx.keys, 1_000, 3_600);
    for (let n = from; n <= to; n++) await sink.write(record(n));
  }

  it('when records are read, then each is delivered once and acked, a failed one is redelivered, and --from replays', async () => {
    context = await createTestContext();
    const stream = context.keys.recordStream();
    const options = { stream, group: 'g', consumer: 'c1', count: 10 };
    expect(await ensureConsumerGroup(context.redis, stream, 'g', '0')).toBe(true);
    expect(await ensureConsumerGroup(context.redis, stream, 'g', '0')).toBe(false);
    await writeRecords(context, 1, 3);

    const seen: StreamRecordMessage[] = [];
    const first = await consumeBatch(context.redis, options, (message) => {
      // The handler fails on record 2 once: it must stay pending and come back.
      if (message.record.title === 'title 2' && !seen.some((m) => m.record.title === 'title 2')) {
        seen.push(message);
        throw new Error('downstream unavailable');
      }
      seen.push(message);
    });
    expect(first).toEqual({ delivered: 3, acked: 2, failed: 1 });
    expect(seen.map((m) => m.recordId)).toEqual([record(1).id, record(2).id, record(3).id]);
    expect(seen[0]!.record).toEqual(record(1));
    expect(await context.redis.xpending(stream, 'g')).toEqual([1, seen[1]!.streamId, seen[1]!.streamId, [['c1', '1']]]);

    const retry = await consumeBatch(context.redis, options, (message) => void seen.push(message));
    expect(retry).toEqual({ delivered: 1, acked: 1, failed: 0 });
    expect(seen.at(-1)!.record.title).toBe('title 2');
    expect(await consumeBatch(context.redis, options, () => undefined)).toEqual({ delivered: 0, acked: 0, failed: 0 });

    // Replay from the first entry's id: the entries after it come again.
    await setGroupPosition(context.redis, stream, 'g', seen[0]!.streamId);
    const replayed: string[] = [];
    await consumeBatch(context.redis, options, (message) => void replayed.push(message.record.title));
    expect(replayed).toEqual(['title 2', 'title 3']);

    // A malformed entry is acked and reported, never handed to the handler.
    await context.redis.xadd(stream, '*', 'id', 'x', 'record', '{broken');
    const bad: string[] = [];
    const badBatch = await consumeBatch(context.redis, options, () => { throw new Error('must not be called'); }, (streamId) => void bad.push(streamId));
    expect(badBatch).toMatchObject({ delivered: 1, acked: 1 });
    expect(bad).toHaveLength(1);
  });

  it('when runStreamConsumer blocks for new records, then it delivers them as they arrive and stops on abort', async () => {
    context = await createTestContext();
    const ctx = context;
    const reader = new Redis(ctx.redisUrl, { maxRetriesPerRequest: null });
    const controller = new AbortController();
    const titles: string[] = [];
    const running = runStreamConsumer(reader, { stream: ctx.keys.recordStream(), group: 'live', consumer: 'c', blockMs: 100 }, (m) => void titles.push(m.record.title), controller.signal);
    await waitFor('group created', async () => (await ctx.redis.exists(ctx.keys.recordStream())) === 1);
    await writeRecords(ctx, 1, 2);
    await waitFor('two records consumed', async () => titles.length === 2);
    controller.abort();
    expect(await running).toMatchObject({ delivered: 2, acked: 2, failed: 0 });
    reader.disconnect();
  });

  it('when the example runs with --from 0, then it prints every kept record and acks it', async () => {
    context = await createTestContext();
    const ctx = context;
    await writeRecords(ctx, 1, 3);
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('examples/stream-consumer.ts'),
      '--redis', ctx.redisUrl, '--prefix', ctx.keys.prefix, '--group', 'example', '--consumer', 'e1', '--from', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { err += chunk.toString(); });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await waitFor(`three lines from the example (stderr: ${err})`, async () => out.trim().split('\n').length === 3 && out.includes('title 3'));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    expect(out.trim().split('\n')[0]).toMatch(new RegExp(`^\\d+-\\d+ ${record(1).id} r1 \\[UA\\] title 1$`));
    expect(err).toContain('3 acked');
    expect(await ctx.redis.xpending(ctx.keys.recordStream(), 'example')).toEqual([0, null, null, null]);
  });
});
