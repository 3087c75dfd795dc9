/**
 * A runnable consumer of sitrep's record stream (see docs/consumers.md):
 *
 *   npx tsx examples/stream-consumer.ts --redis redis://127.0.0.1:6379 --prefix sitrep --group my-app
 *   npx tsx examples/stream-consumer.ts --group my-app --from 0          # replay everything still kept
 *   npx tsx examples/stream-consumer.ts --group my-app --from 1729072800000-0
 *
 * Prints one line per record (stream id, record id, revision, countries, title) and acks it.
 * Ctrl-C stops after the current batch.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { runStreamConsumer, type StreamRecordMessage } from '../src/consumers/stream-consumer.ts';

const { values } = parseArgs({
  options: {
    redis: { type: 'string', default: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
    prefix: { type: 'string', default: process.env.SITREP_REDIS_PREFIX ?? 'sitrep' },
    group: { type: 'string', default: 'sitrep-example' },
    consumer: { type: 'string', default: `${os.hostname()}-${process.pid}` },
    from: { type: 'string' },
    count: { type: 'string', default: '100' },
  },
});

function printRecord({ streamId, record }: StreamRecordMessage): void {
  const countries = record.entities.countries.map((country) => country.iso2 ?? country.name).join(',');
  process.stdout.write(`${streamId} ${record.id} r${record.provenance.revision} [${countries}] ${record.title}\n`);
}

const redis = new Redis(values.redis, { maxRetriesPerRequest: null });
const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
process.once('SIGTERM', () => controller.abort());

try {
  const total = await runStreamConsumer(
    redis,
    { stream: `${values.prefix}:records`, group: values.group, consumer: values.consumer, count: Number(values.count), fromId: values.from },
    printRecord,
    controller.signal,
    (streamId, reason) => process.stderr.write(`skipped ${streamId}: ${reason}\n`),
  );
  process.stderr.write(`stopped: ${total.delivered} delivered, ${total.acked} acked\n`);
} finally {
  redis.disconnect();
}
