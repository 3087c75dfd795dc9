import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { computeSignature, MemoryDedupIndex } from '../../../src/dedup/index.ts';
import { runDedupCommand } from '../../../src/cli/batch-commands.ts';

const TEXT = 'Taiwan detected 27 Chinese military aircraft and nine navy ships around the island in the past 24 hours, the defence ministry said on Saturday.';
const check = (index: MemoryDedupIndex, recordId: string, text: string, domain: string | null, nowMs: number) => {
  const signature = computeSignature(text, null);
  return index.checkAndInsertSync({ recordId, contentHash: signature.contentHash, sourceDomain: domain, signature }, nowMs);
};

describe('MemoryDedupIndex', () => {
  const t0 = Date.UTC(2030, 0, 1);

  it('points copies at the first record and counts distinct sources', () => {
    const index = new MemoryDedupIndex();
    expect(check(index, 'a', TEXT, 'x.example', t0)).toEqual({ duplicateOf: null, cluster: 'a', story: 'a', sources: 1, match: 'none' });
    expect(check(index, 'b', `${TEXT} - Reuters`, 'y.example', t0)).toMatchObject({ duplicateOf: 'a', cluster: 'a', match: 'exact', sources: 2 });
    expect(check(index, 'c', TEXT.replace('said', 'says'), 'y.example', t0)).toMatchObject({ duplicateOf: 'a', match: 'near', sources: 2 });
    expect(check(index, 'd', TEXT.replace('27', '41'), 'z.example', t0)).toMatchObject({ duplicateOf: null, cluster: 'd' });
  });

  it('answers a retried record as before', () => {
    const index = new MemoryDedupIndex();
    check(index, 'a', TEXT, 'x', t0);
    const first = check(index, 'b', `WATCH: ${TEXT}`, 'y', t0);
    expect(check(index, 'b', `WATCH: ${TEXT}`, 'y', t0)).toEqual(first);
    expect(check(index, 'a', TEXT, 'x', t0).duplicateOf).toBeNull();
  });

  it('forgets items after the window (plus at most a quarter)', () => {
    const index = new MemoryDedupIndex({ windowSeconds: 3_600 });
    check(index, 'a', TEXT, 'x', t0);
    expect(check(index, 'b', TEXT, 'y', t0 + 3_500_000).duplicateOf).toBe('a');
    expect(check(index, 'c', TEXT, 'z', t0 + 3 * 3_600_000).duplicateOf).toBeNull();
  });
});

describe('runDedupCommand', () => {
  it('writes one verdict per line with duplicateOf, cluster and story', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk) => { text += String(chunk); });
    const done = runDedupCommand(input, output);
    input.end([
      { id: 'a', text: TEXT, published: '2024-10-16T09:00:00Z' },
      { id: 'b', text: `${TEXT.split(' ').slice(0, 14).join(' ')} ...`, published: '2024-10-16T10:00:00Z' },
      { id: 'c', text: 'The Federal Reserve held interest rates steady on Wednesday.' },
    ].map((l) => JSON.stringify(l)).join('\n'));
    await done;
    const lines = text.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { id: 'a', duplicateOf: null, cluster: 'a', story: 'a' },
      { id: 'b', duplicateOf: 'a', cluster: 'a', story: 'a' },
      { id: 'c', duplicateOf: null, cluster: 'c', story: 'c' },
    ]);
  });
});
