// Labelled-pair evaluation of the dedup index: each pair goes through a fresh in-memory index
// (a first, then b, same algorithm as Redis) and the verdict is compared with the label.
// Usage: npm run eval:dedup [-- path/to/pairs.jsonl] [--kinds]
import { readFileSync } from 'node:fs';
import { tagText } from '../src/tag/index.ts';
import { computeSignature, DEFAULT_THRESHOLDS, MemoryDedupIndex } from '../src/dedup/index.ts';

type Label = 'duplicate' | 'same_story' | 'different';
const LABELS: Label[] = ['duplicate', 'same_story', 'different'];
const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--')) ?? 'test/fixtures/dedup/pairs.jsonl';
const showKinds = args.includes('--kinds');
// --near=0.7 --prefix=0.85 --story=0.3 override the thresholds (for the sweep in docs/dedup.md).
const flag = (name: string) => {
  const value = args.find((a) => a.startsWith(`--${name}=`));
  return value ? Number(value.split('=')[1]) : undefined;
};
const thresholds = {
  nearJaccard: flag('near') ?? DEFAULT_THRESHOLDS.nearJaccard,
  prefixContainment: flag('prefix') ?? DEFAULT_THRESHOLDS.prefixContainment,
  storyJaccard: flag('story') ?? DEFAULT_THRESHOLDS.storyJaccard,
};

const pairs = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as { a: string; b: string; label: Label; kind?: string });
const confusion = new Map<Label, Map<Label, number>>(LABELS.map((l) => [l, new Map(LABELS.map((p) => [p, 0]))]));
const byKind = new Map<string, { n: number; ok: number }>();
const errors: string[] = [];
const published = '2024-10-16T09:00:00Z';

for (const [i, pair] of pairs.entries()) {
  const index = new MemoryDedupIndex({ thresholds });
  const check = (id: string, text: string) => {
    // Full tagger, as the pipeline runs it (prepareItem: tagFields).
    const signature = computeSignature(text, tagText(text, { published }));
    return index.checkAndInsertSync({ recordId: id, contentHash: signature.contentHash, sourceDomain: id, signature, publishedAt: published });
  };
  check('a', pair.a);
  const verdict = check('b', pair.b);
  const predicted: Label = verdict.duplicateOf !== null ? 'duplicate' : verdict.story !== 'b' ? 'same_story' : 'different';
  const row = confusion.get(pair.label)!;
  row.set(predicted, row.get(predicted)! + 1);
  const kind = `${pair.label}/${pair.kind ?? '-'}`;
  const k = byKind.get(kind) ?? { n: 0, ok: 0 };
  k.n++;
  if (predicted === pair.label) k.ok++;
  byKind.set(kind, k);
  if (predicted !== pair.label) errors.push(`#${i + 1} ${pair.label} -> ${predicted}: ${pair.b.slice(0, 90)}`);
}

const count = (label: Label, predicted: Label) => confusion.get(label)!.get(predicted)!;
const total = (label: Label) => LABELS.reduce((s, p) => s + count(label, p), 0);
console.log(`dedup eval: ${pairs.length} pairs from ${file}, thresholds ${JSON.stringify(thresholds)}`);
console.log(`${'label \\ predicted'.padEnd(18)}${LABELS.map((l) => l.padStart(12)).join('')}${'n'.padStart(6)}`);
for (const label of LABELS) console.log(`${label.padEnd(18)}${LABELS.map((p) => String(count(label, p)).padStart(12)).join('')}${String(total(label)).padStart(6)}`);
const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
const metrics = {
  duplicateRecall: ratio(count('duplicate', 'duplicate'), total('duplicate')),
  differentAsDuplicate: ratio(count('different', 'duplicate'), total('different')),
  sameStoryRecall: ratio(count('same_story', 'same_story') + count('same_story', 'duplicate'), total('same_story')),
  differentAsSameStory: ratio(count('different', 'same_story'), total('different')),
};
console.log(`duplicate recall ${metrics.duplicateRecall.toFixed(3)} (target >= 0.97)`);
console.log(`different marked duplicate ${(metrics.differentAsDuplicate * 100).toFixed(1)}% (target <= 1%)`);
console.log(`same-story recall ${metrics.sameStoryRecall.toFixed(3)} (target >= 0.5), different merged into a story ${(metrics.differentAsSameStory * 100).toFixed(1)}% (target <= 2%)`);
if (showKinds) {
  for (const [kind, k] of [...byKind].sort()) console.log(`  ${kind.padEnd(32)} ${k.ok}/${k.n}`);
  for (const e of errors) console.log(`  miss ${e}`);
}
console.log(JSON.stringify({ pairs: pairs.length, thresholds, confusion: Object.fromEntries([...confusion].map(([l, m]) => [l, Object.fromEntries(m)])), metrics }));
