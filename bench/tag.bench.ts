// Tagger throughput: sitrep's tagText against two NER libraries on the same news-like snippets.
// Snippets are built from the labelled eval sentences (repo files only), 1-3 per snippet with numbers
// and dates varied, ~5 MB in all. compromise is ~30x slower than the others, so it gets a ~300 KB
// sample and is reported in MB/s like the rest. The last stdout line is the JSON result.
import { performance } from 'node:perf_hooks';
import nlp from 'compromise';
import winkNLP from 'wink-nlp';
import winkModel from 'wink-eng-lite-web-model';
import { loadEvalSet } from '../scripts/eval/load-eval-set.ts';
import { tagText } from '../src/tag/index.ts';

const TARGET_BYTES = Number(process.env.BENCH_TAG_BYTES ?? 5_000_000);
const WINK_BYTES = Number(process.env.BENCH_TAG_WINK_BYTES ?? 1_500_000);
const COMPROMISE_BYTES = Number(process.env.BENCH_TAG_COMPROMISE_BYTES ?? 300_000);
const PUBLISHED = '2024-10-17';

/** Small deterministic PRNG (mulberry32) so every run tags the same text. */
function makeRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DIGIT_RUN = /\d+/g;

function buildSnippets(sentences: string[], targetBytes: number): string[] {
  const rand = makeRandom(42);
  const out: string[] = [];
  let bytes = 0;
  while (bytes < targetBytes) {
    const count = 1 + Math.floor(rand() * 3);
    const parts: string[] = [];
    for (let i = 0; i < count; i++) {
      const s = sentences[Math.floor(rand() * sentences.length)]!;
      // Vary digit runs (same length, so years stay 4 digits) to defeat any per-string caching.
      parts.push(s.replace(DIGIT_RUN, (d) => String(Math.floor(rand() * 9 + 1) * 10 ** (d.length - 1) + Math.floor(rand() * 10 ** (d.length - 1)))));
    }
    const snippet = parts.join(' ');
    out.push(snippet);
    bytes += Buffer.byteLength(snippet);
  }
  return out;
}

function takeBytes(snippets: string[], maxBytes: number): string[] {
  const out: string[] = [];
  let bytes = 0;
  for (const s of snippets) {
    if (bytes >= maxBytes) break;
    out.push(s);
    bytes += Buffer.byteLength(s);
  }
  return out;
}

interface Result {
  engine: string;
  snippets: number;
  mb: number;
  /** CPU seconds of this process (user + system): the one-core cost, robust to other load on the machine. */
  seconds: number;
  wallSeconds: number;
  mbPerSecond: number;
  wallMbPerSecond: number;
  snippetsPerSecond: number;
  found: number;
}

function measure(engine: string, snippets: string[], tag: (text: string) => number): Result {
  const warm = snippets.slice(0, Math.min(200, snippets.length));
  for (const s of warm) tag(s);
  const bytes = snippets.reduce((n, s) => n + Buffer.byteLength(s), 0);
  let found = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  for (const s of snippets) found += tag(s);
  const wallSeconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const seconds = (cpu.user + cpu.system) / 1e6;
  const result = {
    engine, snippets: snippets.length, mb: Number((bytes / 1e6).toFixed(2)), seconds: Number(seconds.toFixed(3)), wallSeconds: Number(wallSeconds.toFixed(3)),
    mbPerSecond: Number((bytes / seconds / 1e6).toFixed(3)), wallMbPerSecond: Number((bytes / wallSeconds / 1e6).toFixed(3)),
    snippetsPerSecond: Math.round(snippets.length / seconds), found,
  };
  console.log(`  ${engine.padEnd(11)} ${result.mb.toFixed(2).padStart(6)} MB ${result.mbPerSecond.toFixed(2).padStart(8)} MB/s ${String(result.snippetsPerSecond).padStart(8)} snippets/s (CPU time; wall ${result.wallMbPerSecond.toFixed(2)} MB/s)  ${found} entities`);
  return result;
}

const sentences = loadEvalSet().map((s) => s.text);
const snippets = buildSnippets(sentences, TARGET_BYTES);
console.log(`tag bench: ${snippets.length} snippets from ${sentences.length} eval sentences`);

const sitrep = measure('sitrep', snippets, (text) => {
  const e = tagText(text, { published: PUBLISHED });
  return e.countries.length + e.units.length + e.figures.length + e.people.length + e.organizations.length + e.dates.length;
});

const wink = winkNLP(winkModel);
const winkResult = measure('wink-nlp', takeBytes(snippets, WINK_BYTES), (text) => wink.readDoc(text).entities().out().length);

const compromiseResult = measure('compromise', takeBytes(snippets, COMPROMISE_BYTES), (text) => {
  const doc = nlp(text);
  return doc.places().length + doc.people().length + doc.organizations().length + doc.numbers().length;
});

const ratioWink = sitrep.mbPerSecond / winkResult.mbPerSecond;
const ratioCompromise = sitrep.mbPerSecond / compromiseResult.mbPerSecond;
const targets = {
  sitrepAtLeast5MBps: sitrep.mbPerSecond >= 5,
  fasterThanWink: ratioWink > 1,
  atLeast20xCompromise: ratioCompromise >= 20,
};
console.log(`  sitrep/wink ${ratioWink.toFixed(2)}x, sitrep/compromise ${ratioCompromise.toFixed(1)}x; targets: >=5 MB/s ${targets.sitrepAtLeast5MBps ? 'pass' : 'FAIL'}, faster than wink ${targets.fasterThanWink ? 'pass' : 'FAIL'}, >=20x compromise ${targets.atLeast20xCompromise ? 'pass' : 'FAIL'}`);
console.log(JSON.stringify({
  case: 'tag', node: process.version, results: [sitrep, winkResult, compromiseResult],
  ratios: { sitrepOverWink: Number(ratioWink.toFixed(2)), sitrepOverCompromise: Number(ratioCompromise.toFixed(1)) }, targets,
}));
