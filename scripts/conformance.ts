/*
 * Feed conformance: runs every feed of the third-party corpus (INDEX.tsv) through the fetch worker's code path
 * (decodeBody(bytes, contentType) then parseFeed(text, contentType, { baseUrl }), as src/pipeline/poll-feed.ts does) and scores
 * the results against the corpora's own expectations. Usage: npm run conformance -- ../shared/corpus/feeds [--verbose]
 * Exits 1 when a target is missed, 2 on bad usage.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { decodeBody, parseFeed, type ParseFeedResult } from '../src/fetch/index.ts';
import { checkExpectation, type ExpectVerdict } from './conformance/feedparser-expect.ts';
import { compareFeedRs, compareGofeed, compareRssParser, type Fidelity } from './conformance/goldens.ts';

interface IndexRow {
  path: string;
  format: string;
  expect: string;
  httpHeaders: string;
  expectedOutput: string;
}

/** Whether the corpus's own project parses the input: sitrep must too (or must fail, for known-bad inputs). */
type Requirement = 'must-parse' | 'must-fail' | 'none';

interface FileResult {
  row: IndexRow;
  group: string;
  requirement: Requirement;
  status: 'parsed' | 'recovered' | 'failed';
  reason: string | null;
  ms: number;
  fidelity: Fidelity | null;
  verdict: ExpectVerdict | null;
}

const PER_FILE_BUDGET_MS = 1000;
const CORPUS_BUDGET_MS = 10_000;
const DEFAULT_CONTENT_TYPE = 'text/xml';

// gofeed parser/universal: upstream's table of expected outcomes (there are no goldens for these).
const GOFEED_UNIVERSAL_FAIL = new Set(['unknown_feed.xml', 'empty_feed.xml', 'invalid.json']);

function readIndex(root: string): IndexRow[] {
  const lines = readFileSync(join(root, 'INDEX.tsv'), 'utf8').split('\n');
  const header = (lines[0] ?? '').split('\t');
  const col = (name: string): number => header.indexOf(name);
  const rows: IndexRow[] = [];
  for (const line of lines.slice(1)) {
    if (line.trim() === '') continue;
    const cells = line.split('\t');
    rows.push({
      path: cells[col('path')] ?? '',
      format: cells[col('format')] ?? '',
      expect: cells[col('expect')] ?? '',
      httpHeaders: cells[col('http_headers')] ?? '',
      expectedOutput: cells[col('expected_output')] ?? '',
    });
  }
  return rows;
}

/** The Content-Type the file is served with: its Header lines (text/xml when they name none), else none. */
function contentTypeFor(row: IndexRow): string | null {
  // rss-parser's README: encoding.rss is served as latin1 by its test server.
  if (row.path === 'rss-parser/input/encoding.rss') return 'text/xml; charset=latin1';
  if (row.httpHeaders.trim() === '') return null;
  for (const header of row.httpHeaders.split(/\s*(?:\\n|\n|\s\|\s)\s*/)) {
    const match = /^content-type:\s*(.*)$/i.exec(header.trim());
    if (match) return match[1]!.trim();
  }
  return DEFAULT_CONTENT_TYPE;
}

const SERVED_ORIGIN = 'http://127.0.0.1:8097/';
const SAFE_BASE = /^(?:https?:|\/|[^:]*$)/i;

/**
 * The document URL a feed is parsed under: feedparser serves files whose path contains "http" from 127.0.0.1:8097 (its
 * README), and a Content-Location header (http(s) or relative; never javascript:) overrides it. Null for other files.
 */
function baseUrlFor(row: IndexRow): string | null {
  if (!row.path.startsWith('feedparser/') || !row.path.includes('http')) return null;
  const documentUrl = SERVED_ORIGIN + row.path.slice('feedparser/'.length);
  for (const header of row.httpHeaders.split(/\s*(?:\\n|\n|\s\|\s)\s*/)) {
    const match = /^content-location:\s*(.*)$/i.exec(header.trim());
    if (match && SAFE_BASE.test(match[1]!.trim())) {
      try {
        return new URL(match[1]!.trim(), documentUrl).href;
      } catch {
        return documentUrl;
      }
    }
  }
  return documentUrl;
}

function groupOf(path: string): string {
  const parts = path.split('/');
  if (parts[0] === 'feedparser' || parts[0] === 'gofeed') return `${parts[0]}/${parts[1]}`;
  return parts[0] ?? path;
}

function requirementFor(row: IndexRow): Requirement {
  const name = row.path.split('/').pop() ?? '';
  if (row.path.startsWith('feedparser/wellformed/')) return 'must-parse';
  if (row.path.startsWith('gofeed/parser/universal/')) return GOFEED_UNIVERSAL_FAIL.has(name) ? 'must-fail' : 'must-parse';
  if (row.path === 'gofeed/parser/json/invalid/invalid.json') return 'must-fail';
  if (row.path === 'rss-parser/input/unrecognized.rss') return 'must-fail';
  if (row.path === 'rss-parser/input/itunes-missing-image.rss') return 'must-parse';
  if (row.path.startsWith('feed-rs/xml/')) return 'none';
  if ((row.path.startsWith('gofeed/') || row.path.startsWith('feed-rs/') || row.path.startsWith('rss-parser/')) && row.expectedOutput !== '') {
    return 'must-parse';
  }
  return 'none';
}

function gofeedModel(path: string): 'rss' | 'atom' | 'json' | 'universal' {
  if (path.startsWith('gofeed/parser/rss/')) return 'rss';
  if (path.startsWith('gofeed/parser/atom/')) return 'atom';
  if (path.startsWith('gofeed/parser/json/')) return 'json';
  return 'universal';
}

function compareGolden(root: string, row: IndexRow, result: ParseFeedResult): Fidelity | null {
  if (!result.ok) return null;
  if (row.path.startsWith('gofeed/parser/universal/')) {
    const want = row.path.endsWith('.json') ? 'title' : 'Feed Title';
    const ok = result.feed.title === want;
    return { compared: 1, matched: ok ? 1 : 0, mismatches: ok ? [] : [`feed title: got ${JSON.stringify(result.feed.title)}, want "${want}"`] };
  }
  if (row.expectedOutput === '') return null;
  let golden: unknown;
  try {
    // rss-parser's README: encoding.json is latin1 like its input.
    const encoding = row.expectedOutput.endsWith('/encoding.json') ? 'latin1' : 'utf8';
    golden = JSON.parse(readFileSync(join(root, row.expectedOutput), encoding));
  } catch {
    return null;
  }
  if (row.path.startsWith('rss-parser/')) return compareRssParser(result.feed, golden);
  if (row.path.startsWith('gofeed/')) return compareGofeed(result.feed, golden, gofeedModel(row.path));
  if (row.path.startsWith('feed-rs/')) return compareFeedRs(result.feed, golden);
  return null;
}

async function runOne(root: string, row: IndexRow): Promise<FileResult> {
  const bytes = readFileSync(join(root, row.path));
  const contentType = contentTypeFor(row);
  const started = performance.now();
  let decoded: ReturnType<typeof decodeBody>;
  let result: ParseFeedResult;
  try {
    decoded = decodeBody(bytes, contentType);
    result = await parseFeed(decoded.text, contentType, { baseUrl: baseUrlFor(row) });
  } catch (err) {
    // A throw is a contract breach (both functions promise results); count it as a crash.
    return {
      row, group: groupOf(row.path), requirement: requirementFor(row), status: 'failed',
      reason: `CRASH: ${err instanceof Error ? err.message : String(err)}`, ms: performance.now() - started, fidelity: null, verdict: null,
    };
  }
  const ms = performance.now() - started;
  const status = !result.ok ? 'failed' : result.feed.recovered ? 'recovered' : 'parsed';
  const reason = !result.ok ? result.reason : result.feed.recovered ? result.feed.recoveryReason : null;
  let verdict: ExpectVerdict | null = null;
  if (row.path.startsWith('feedparser/') && row.expect.trim() !== '') {
    verdict = checkExpectation(
      row.expect.trim(),
      { feed: result.ok ? result.feed : null, encoding: decoded.label, decodeWarning: decoded.warning },
      row.path.startsWith('feedparser/wellformed/sanitize/'),
      row.path.startsWith('feedparser/wellformed/base/'),
    );
  }
  return {
    row, group: groupOf(row.path), requirement: requirementFor(row), status, reason, ms,
    fidelity: compareGolden(root, row, result), verdict,
  };
}

function pct(n: number, d: number): string {
  return d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`;
}

function printTable(headers: string[], rows: string[][]): void {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  console.log(line(headers));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

interface Tally {
  files: number; parsed: number; recovered: number; failed: number; mustParse: number; mustParseOk: number;
  compared: number; matched: number; evaluated: number; held: number; notEvaluated: number;
}

function emptyTally(): Tally {
  return { files: 0, parsed: 0, recovered: 0, failed: 0, mustParse: 0, mustParseOk: 0, compared: 0, matched: 0, evaluated: 0, held: 0, notEvaluated: 0 };
}

function add(tally: Tally, r: FileResult): void {
  tally.files++;
  tally[r.status]++;
  if (r.requirement === 'must-parse') {
    tally.mustParse++;
    if (r.status !== 'failed') tally.mustParseOk++;
  }
  if (r.fidelity) {
    tally.compared += r.fidelity.compared;
    tally.matched += r.fidelity.matched;
  }
  if (r.verdict) {
    if (r.verdict.status === 'not-evaluated') tally.notEvaluated++;
    else {
      tally.evaluated++;
      if (r.verdict.status === 'pass') tally.held++;
    }
  }
}

function tallyRow(name: string, t: Tally): string[] {
  return [
    name, String(t.files), String(t.parsed), String(t.recovered), String(t.failed),
    t.mustParse === 0 ? '-' : `${t.mustParseOk}/${t.mustParse}`,
    t.compared === 0 ? '-' : `${pct(t.matched, t.compared)} of ${t.compared}`,
    t.evaluated === 0 ? '-' : `${t.held}/${t.evaluated}`,
    t.notEvaluated === 0 ? '-' : String(t.notEvaluated),
  ];
}

const TABLE_HEADERS = ['', 'files', 'parsed', 'recovered', 'failed', 'must parse', 'golden fidelity', 'Expect held', 'not eval'];

function topCounts(values: string[], limit: number): [string, number][] {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, limit);
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const root = args.find((arg) => !arg.startsWith('--'));
  if (root === undefined) {
    console.error('usage: npm run conformance -- <corpus/feeds folder> [--verbose]');
    return 2;
  }
  let rows: IndexRow[];
  try {
    rows = readIndex(root);
  } catch (err) {
    console.error(`cannot read ${join(root, 'INDEX.tsv')}: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  }

  const started = performance.now();
  const results: FileResult[] = [];
  for (const row of rows) results.push(await runOne(root, row));
  const totalMs = performance.now() - started;

  const byGroup = new Map<string, Tally>();
  const byFormat = new Map<string, Tally>();
  const total = emptyTally();
  for (const r of results) {
    if (!byGroup.has(r.group)) byGroup.set(r.group, emptyTally());
    if (!byFormat.has(r.row.format)) byFormat.set(r.row.format, emptyTally());
    add(byGroup.get(r.group)!, r);
    add(byFormat.get(r.row.format)!, r);
    add(total, r);
  }
  console.log(`Feed conformance: ${results.length} files from ${root} in ${(totalMs / 1000).toFixed(2)} s\n`);
  console.log('Per corpus');
  printTable(TABLE_HEADERS, [...[...byGroup.entries()].sort().map(([name, t]) => tallyRow(name, t)), tallyRow('total', total)]);
  console.log('\nPer format');
  printTable(TABLE_HEADERS, [...byFormat.entries()].sort().map(([name, t]) => tallyRow(name, t)));

  const failed = results.filter((r) => r.status === 'failed');
  console.log('\nFailure reasons (all files)');
  for (const [reason, count] of topCounts(failed.map((r) => (r.reason ?? '').replace(/(Line|Column|Char): ?\d+/g, '$1 N').slice(0, 90)), 12)) {
    console.log(`  ${String(count).padStart(4)}  ${reason}`);
  }
  const recoveredReasons = results.filter((r) => r.status === 'recovered').map((r) => r.reason ?? '');
  console.log('\nRecovery reasons');
  for (const [reason, count] of topCounts(recoveredReasons, 10)) console.log(`  ${String(count).padStart(4)}  ${reason}`);

  const notEvaluated = results.flatMap((r) => (r.verdict?.status === 'not-evaluated' ? [r.verdict.bucket] : []));
  const evaluatedCount = results.filter((r) => r.verdict !== null && r.verdict.status !== 'not-evaluated').length;
  console.log(`\nfeedparser Expect: ${evaluatedCount + notEvaluated.length} expressions, ${evaluatedCount} evaluated, ${notEvaluated.length} not evaluated (fields sitrep does not keep). Top reasons:`);
  for (const [bucket, count] of topCounts(notEvaluated.map((b) => b.replace(/^(entry|feed)\.([a-z]+)_.*$/, '$1.$2_*')), 14)) {
    console.log(`  ${String(count).padStart(4)}  ${bucket}`);
  }

  // Targets.
  const mustParse = results.filter((r) => r.requirement === 'must-parse');
  const mustFail = results.filter((r) => r.requirement === 'must-fail');
  const fidelity = results.reduce((acc, r) => ({ c: acc.c + (r.fidelity?.compared ?? 0), m: acc.m + (r.fidelity?.matched ?? 0) }), { c: 0, m: 0 });
  const evaluated = (prefix: string): FileResult[] =>
    results.filter((r) => r.row.path.startsWith(prefix) && r.verdict !== null && r.verdict.status !== 'not-evaluated');
  const allExpect = evaluated('feedparser/');
  const encodingExpect = evaluated('feedparser/encoding/');
  const illformed = evaluated('feedparser/illformed/');
  const held = (list: FileResult[]): number => list.filter((r) => r.verdict?.status === 'pass').length;
  const crashes = results.filter((r) => r.reason?.startsWith('CRASH')).length;
  const slowest = results.reduce((max, r) => Math.max(max, r.ms), 0);
  const ratio = (n: number, d: number): number => (d === 0 ? 1 : n / d);

  const targets: { name: string; measured: string; target: string; ok: boolean }[] = [
    {
      name: 'well-formed feeds parse (their projects parse them)',
      measured: `${mustParse.filter((r) => r.status !== 'failed').length}/${mustParse.length}`,
      target: '100%',
      ok: mustParse.every((r) => r.status !== 'failed'),
    },
    {
      name: 'known-bad inputs rejected',
      measured: `${mustFail.filter((r) => r.status === 'failed').length}/${mustFail.length}`,
      target: '100%',
      ok: mustFail.every((r) => r.status === 'failed'),
    },
    {
      name: 'feedparser/illformed: Expect holds',
      measured: `${pct(held(illformed), illformed.length)} (${held(illformed)}/${illformed.length})`,
      target: '>= 80%',
      ok: ratio(held(illformed), illformed.length) >= 0.8,
    },
    { name: 'golden field fidelity', measured: `${pct(fidelity.m, fidelity.c)} (${fidelity.m}/${fidelity.c})`, target: '>= 98%', ok: ratio(fidelity.m, fidelity.c) >= 0.98 },
    {
      name: 'feedparser Expect (evaluated) holds',
      measured: `${pct(held(allExpect), allExpect.length)} (${held(allExpect)}/${allExpect.length})`,
      target: '>= 95%',
      ok: ratio(held(allExpect), allExpect.length) >= 0.95,
    },
    {
      name: 'feedparser/encoding Expect holds',
      measured: `${pct(held(encodingExpect), encodingExpect.length)} (${held(encodingExpect)}/${encodingExpect.length})`,
      target: '>= 95%',
      ok: ratio(held(encodingExpect), encodingExpect.length) >= 0.95,
    },
    { name: 'crashes', measured: String(crashes), target: '0', ok: crashes === 0 },
    { name: 'slowest file', measured: `${slowest.toFixed(0)} ms`, target: `< ${PER_FILE_BUDGET_MS} ms`, ok: slowest < PER_FILE_BUDGET_MS },
    { name: 'whole corpus', measured: `${(totalMs / 1000).toFixed(2)} s`, target: `< ${CORPUS_BUDGET_MS / 1000} s`, ok: totalMs < CORPUS_BUDGET_MS },
  ];
  console.log('\nTargets');
  printTable(['target', 'measured', 'required', 'ok'], targets.map((t) => [t.name, t.measured, t.target, t.ok ? 'yes' : 'NO']));

  if (verbose) {
    console.log('\nMust-parse inputs that failed');
    for (const r of mustParse.filter((x) => x.status === 'failed')) console.log(`  ${r.row.path}: ${r.reason}`);
    console.log('\nKnown-bad inputs that parsed');
    for (const r of mustFail.filter((x) => x.status !== 'failed')) console.log(`  ${r.row.path}`);
    console.log('\nExpect expressions that do not hold');
    for (const r of allExpect.filter((x) => x.verdict?.status === 'fail')) {
      console.log(`  ${r.row.path} [${r.status}${r.reason ? `: ${r.reason.slice(0, 80)}` : ''}]\n      ${r.row.expect.trim()}`);
    }
    console.log('\nGolden mismatches');
    for (const r of results.filter((x) => x.fidelity && x.fidelity.matched < x.fidelity.compared)) {
      console.log(`  ${r.row.path} (${r.fidelity!.matched}/${r.fidelity!.compared})`);
      for (const m of r.fidelity!.mismatches) console.log(`      ${m.slice(0, 200)}`);
    }
    console.log('\nSlowest files');
    for (const r of [...results].sort((a, b) => b.ms - a.ms).slice(0, 5)) console.log(`  ${r.ms.toFixed(1)} ms  ${r.row.path}`);
  }
  return targets.every((t) => t.ok) ? 0 : 1;
}

process.exitCode = await main();
