import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { tagText } from '../tag/index.ts';
import { computeSignature, MemoryDedupIndex } from '../dedup/index.ts';

interface BatchLine {
  id: string;
  text: string;
  published?: string | null;
}

function parseBatchLine(line: string, lineNumber: number): { ok: true; value: BatchLine } | { ok: false; id: string | number; error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (err) {
    return { ok: false, id: lineNumber, error: `invalid JSON: ${(err as Error).message}` };
  }
  if (typeof parsed !== 'object' || parsed === null) return { ok: false, id: lineNumber, error: 'not a JSON object' };
  const object = parsed as Record<string, unknown>;
  const id = typeof object.id === 'string' || typeof object.id === 'number' ? String(object.id) : null;
  if (id === null) return { ok: false, id: lineNumber, error: 'missing "id"' };
  if (typeof object.text !== 'string') return { ok: false, id, error: 'missing or non-string "text"' };
  const published = typeof object.published === 'string' ? object.published : null;
  return { ok: true, value: { id, text: object.text, published } };
}

async function runBatch(input: Readable, output: Writable, handle: (line: BatchLine) => unknown): Promise<void> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    const parsed = parseBatchLine(line, lineNumber);
    let result: unknown;
    if (!parsed.ok) {
      result = { id: parsed.id, line: lineNumber, error: parsed.error };
    } else {
      try {
        result = handle(parsed.value);
      } catch (err) {
        result = { id: parsed.value.id, line: lineNumber, error: (err as Error).message };
      }
    }
    if (!output.write(`${JSON.stringify(result)}\n`)) await new Promise((resolve) => output.once('drain', resolve));
  }
}

/** `sitrep tag`: NDJSON {id,text,published?} in → {id,entities} out, same order. */
export function runTagCommand(input: Readable, output: Writable): Promise<void> {
  return runBatch(input, output, (line) => ({ id: line.id, entities: tagText(line.text, { published: line.published ?? null }) }));
}

/**
 * `sitrep dedup`: NDJSON in → {id,duplicateOf,cluster,story} against the lines before it, with the
 * same algorithm as the Redis index (exact, near-duplicate, same story). The window is measured on
 * `published` when given, so an archive replays as it happened.
 */
export function runDedupCommand(input: Readable, output: Writable): Promise<void> {
  const index = new MemoryDedupIndex();
  // Monotonic replay clock: the latest publication time seen, or now until there is one.
  let clockMs = Number.NEGATIVE_INFINITY;
  return runBatch(input, output, (line) => {
    const publishedMs = line.published ? Date.parse(line.published) : Number.NaN;
    if (Number.isFinite(publishedMs)) clockMs = Math.max(clockMs, publishedMs);
    const signature = computeSignature(line.text, tagText(line.text, { published: line.published ?? null }));
    const verdict = index.checkAndInsertSync(
      { recordId: line.id, contentHash: signature.contentHash, sourceDomain: null, signature, publishedAt: line.published ?? null },
      Number.isFinite(clockMs) ? clockMs : Date.now(),
    );
    return { id: line.id, duplicateOf: verdict.duplicateOf, cluster: verdict.cluster, story: verdict.story };
  });
}
