import type { Redis } from 'ioredis';
import type { SitrepRecord } from '../model/index.ts';

/** One stream entry as a consumer sees it: fields `id` and `record` (JSON, schema sitrep.record/v1). */
export interface StreamRecordMessage {
  /** The stream entry id (ms-seq), what XACK and --from take. */
  streamId: string;
  /** The record id (`id` field). */
  recordId: string;
  record: SitrepRecord;
}

export interface StreamConsumerOptions {
  stream: string;
  group: string;
  consumer: string;
  /** Entries per XREADGROUP call. */
  count?: number;
  /** How long one read waits for new entries (0 = do not block). */
  blockMs?: number;
}

export interface BatchResult {
  delivered: number;
  acked: number;
  /** Entries whose handler threw: left pending, delivered again on the next batch. */
  failed: number;
}

type StreamReply = Array<[stream: string, entries: Array<[id: string, fields: string[] | null]>]> | null;

/** XGROUP CREATE ... MKSTREAM; resolves to false when the group exists already. */
export async function ensureConsumerGroup(redis: Redis, stream: string, group: string, startId = '$'): Promise<boolean> {
  try {
    await redis.xgroup('CREATE', stream, group, startId, 'MKSTREAM');
    return true;
  } catch (err) {
    if (/BUSYGROUP/.test((err as Error).message)) return false;
    throw err;
  }
}

/** Rewinds (or advances) the group: entries after fromId are delivered again. "0" replays everything kept. */
export async function setGroupPosition(redis: Redis, stream: string, group: string, fromId: string): Promise<void> {
  await redis.xgroup('SETID', stream, group, fromId);
}

function fieldValue(fields: string[], name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}

async function readGroup(redis: Redis, options: StreamConsumerOptions, id: '0' | '>'): Promise<Array<[string, string[] | null]>> {
  const count = options.count ?? 100;
  const reply = (id === '>' && (options.blockMs ?? 0) > 0
    ? await redis.xreadgroup('GROUP', options.group, options.consumer, 'COUNT', count, 'BLOCK', options.blockMs!, 'STREAMS', options.stream, id)
    : await redis.xreadgroup('GROUP', options.group, options.consumer, 'COUNT', count, 'STREAMS', options.stream, id)) as StreamReply;
  return reply?.[0]?.[1] ?? [];
}

/**
 * Reads one batch for this consumer and acks each entry its handler accepted. This consumer's own
 * pending entries (a crash before the ack) come first, then new ones. An entry that does not parse
 * is acked and passed to onBadEntry, so it cannot block the group.
 */
export async function consumeBatch(
  redis: Redis,
  options: StreamConsumerOptions,
  handle: (message: StreamRecordMessage) => Promise<void> | void,
  onBadEntry: (streamId: string, reason: string) => void = () => undefined,
): Promise<BatchResult> {
  let entries = await readGroup(redis, options, '0');
  // Only retry pending entries in a batch of their own; new ones wait for the next call.
  if (entries.length === 0) entries = await readGroup(redis, options, '>');
  const result: BatchResult = { delivered: entries.length, acked: 0, failed: 0 };
  const ack: string[] = [];
  for (const [streamId, fields] of entries) {
    // null fields: the entry was trimmed away while pending; nothing left to process.
    if (!fields) {
      ack.push(streamId);
      continue;
    }
    let record: SitrepRecord;
    try {
      record = JSON.parse(fieldValue(fields, 'record') ?? '') as SitrepRecord;
    } catch (err) {
      onBadEntry(streamId, `record is not JSON: ${(err as Error).message}`);
      ack.push(streamId);
      continue;
    }
    try {
      await handle({ streamId, recordId: fieldValue(fields, 'id') ?? record.id, record });
      ack.push(streamId);
    } catch {
      result.failed++;
    }
  }
  if (ack.length > 0) result.acked = await redis.xack(options.stream, options.group, ...ack);
  return result;
}

/** Runs consumeBatch until the signal aborts; the last batch finishes (and acks) first. */
export async function runStreamConsumer(
  redis: Redis,
  options: StreamConsumerOptions & { fromId?: string },
  handle: (message: StreamRecordMessage) => Promise<void> | void,
  signal: AbortSignal,
  onBadEntry?: (streamId: string, reason: string) => void,
): Promise<BatchResult> {
  await ensureConsumerGroup(redis, options.stream, options.group, options.fromId ?? '$');
  if (options.fromId !== undefined) await setGroupPosition(redis, options.stream, options.group, options.fromId);
  const total: BatchResult = { delivered: 0, acked: 0, failed: 0 };
  const blockMs = options.blockMs ?? 2_000;
  while (!signal.aborted) {
    const batch = await consumeBatch(redis, { ...options, blockMs }, handle, onBadEntry);
    total.delivered += batch.delivered;
    total.acked += batch.acked;
    total.failed += batch.failed;
    // A handler that keeps failing must not spin: back off a little before its entries come again.
    if (batch.failed > 0) await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  return total;
}
