// The capacity model's inputs, measured (docs/scaling.md): Redis commands, round trips and Redis CPU per
// unchanged poll (304), per poll with new items (fitted as a + b x new items), per new item through the items
// stage, and per scheduler firing in steady state (scheduled polls, most of them 304 or skipped by adaptive
// polling). Two `sitrep worker` processes, one `--queues fetch` and one `--queues items`, so the two stages can
// be measured apart (the items queue is paused while a poll round runs, then resumed alone).
// Counts: INFO commandstats deltas (commands run inside Lua scripts included) and used_cpu_user+sys deltas per
// master, minus the idle rate of the two waiting workers (measured first) and minus the bench's own XLENs.
// Round trips: MONITOR on smaller rounds (client commands, MULTI...EXEC once, Lua-internal excluded, the
// bench's own sockets excluded; a pipelined or auto-pipelined batch counts each command).
// BENCH_TARGET=cluster runs the same on a private 3-master Redis Cluster (BENCH_SHARDS, default 1) and splits
// every figure per master. Env: BENCH_FEEDS (500), BENCH_LISTED (10 items per feed page), BENCH_NEW ("1,10"),
// BENCH_MONITOR_FEEDS (100), BENCH_MONITOR_NEW (5), BENCH_STEADY_SECONDS (60; 0 skips), BENCH_STEADY_INTERVAL
// (5 s), BENCH_IDLE_SECONDS (10). The last stdout line is the JSON result.
import type { ChildProcess } from 'node:child_process';
import { Queue } from 'bullmq';
import { envNumber, loadAverage, sleep } from './helpers/bench-env.ts';
import { processCpuSeconds } from './helpers/worker-process.ts';
import { makeStory, seededRandom, type BenchStory } from './helpers/bench-feeds.ts';
import { diffSnapshots, localAddresses, monitorRoundTrips, startBenchTarget, type NodeDelta, type NodeSnapshot, type TargetKind } from './helpers/bench-target.ts';
import { startFixtureFeedServer } from '../src/demo/fixture-feed-server.ts';
import { createSitrepRun } from '../test/faults/helpers/sitrep-process.ts';
import { allShards, shardOfFeed } from '../src/queue/shards.ts';
import { JOB_POLL, QUEUE_FETCH, QUEUE_ITEMS, type FetchJobData, type ItemJobData } from '../src/queue/names.ts';
import type { FeedConfig } from '../src/model/index.ts';

const FEEDS = envNumber('BENCH_FEEDS', 500);
const LISTED = envNumber('BENCH_LISTED', 10);
const NEW_ROUNDS = (process.env.BENCH_NEW ?? '1,10').split(',').map(Number).filter((n) => n > 0 && n <= LISTED);
const MONITOR_FEEDS = Math.min(FEEDS, envNumber('BENCH_MONITOR_FEEDS', 100));
const MONITOR_NEW = Math.min(LISTED, envNumber('BENCH_MONITOR_NEW', 5));
const STEADY_SECONDS = process.env.BENCH_STEADY_SECONDS === '0' ? 0 : envNumber('BENCH_STEADY_SECONDS', 60);
const STEADY_INTERVAL = envNumber('BENCH_STEADY_INTERVAL', 5);
const IDLE_SECONDS = envNumber('BENCH_IDLE_SECONDS', 10);
const TARGET = (process.env.BENCH_TARGET ?? 'single') as TargetKind;
const SHARDS = envNumber('BENCH_SHARDS', 1);
const DUPLICATE_SHARE = 0.2;
const TIMEOUT_MS = 120_000;
if (TARGET !== 'single' && TARGET !== 'cluster') throw new Error(`BENCH_TARGET: single or cluster, got ${TARGET}`);

// --- feeds whose pages gain new items round by round (a share are copies of another feed's new story) ---
interface ListedItem { guid: string; story: BenchStory; published: number }
const random = seededRandom(7);
const listed: ListedItem[][] = Array.from({ length: FEEDS }, () => []);
let serial = 0;
let round = 0;
const clock = Date.UTC(2026, 10, 25, 0, 0);

function addRound(newPerFeed: number, feedIndexes: number[]): void {
  round++;
  const fresh = new Map<number, BenchStory[]>();
  for (const index of feedIndexes) fresh.set(index, Array.from({ length: newPerFeed }, () => makeStory(random, serial++)));
  for (const index of feedIndexes) {
    const stories = fresh.get(index)!;
    for (let item = 0; item < newPerFeed; item++) {
      let story = stories[item]!;
      if (feedIndexes.length > 1 && random() < DUPLICATE_SHARE) {
        const other = feedIndexes[(feedIndexes.indexOf(index) + 1 + Math.floor(random() * (feedIndexes.length - 1))) % feedIndexes.length]!;
        story = fresh.get(other)![item]!;
      }
      listed[index]!.unshift({ guid: `cap-${index}-r${round}-${item}`, story, published: clock + round * 600_000 + item * 1_000 });
    }
    listed[index]!.length = Math.min(listed[index]!.length, LISTED);
  }
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function bodyOf(index: number): string {
  const id = `cap-${index}`;
  const items = listed[index]!.map((item) => `<item><guid isPermaLink="false">${item.guid}</guid><title>${escapeXml(item.story.title)}</title>` +
    `<link>https://${id}.example/news/${item.guid}</link><description>${escapeXml(item.story.html)}</description>` +
    `<pubDate>${new Date(item.published).toUTCString()}</pubDate></item>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Capacity desk ${index}</title><link>https://${id}.example/</link>` +
    `<description>bench</description>\n${items.join('\n')}\n</channel></rss>`;
}

const server = await startFixtureFeedServer([]);
const feeds = Array.from({ length: FEEDS }, (_, index) => ({ id: `cap-${index}`, path: `/feeds/cap-${index}.xml`, url: `${server.url}/feeds/cap-${index}.xml` }));
function publish(feedIndexes: number[]): void {
  for (const index of feedIndexes) server.setRoute({ path: feeds[index]!.path, body: bodyOf(index), contentType: 'application/rss+xml; charset=utf-8' });
}
const everyFeed = feeds.map((_, index) => index);
addRound(LISTED, everyFeed);
publish(everyFeed);

// --- poll outcomes from the fetch worker's log ('feed polled' lines), counted as they arrive ---
interface PollCounts { total: number; byOutcome: Map<string, number> }
function watchPolls(child: ChildProcess): PollCounts {
  const counts: PollCounts = { total: 0, byOutcome: new Map() };
  for (const stream of [child.stdout, child.stderr]) {
    let pending = '';
    stream?.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.includes('"feed polled"') && !line.includes('"feed poll failed"')) continue;
        try {
          const parsed = JSON.parse(line) as { outcome?: string; skipReason?: string };
          const label = parsed.outcome === 'skipped' ? `skipped:${parsed.skipReason ?? '?'}` : parsed.outcome ?? '?';
          counts.total++;
          counts.byOutcome.set(label, (counts.byOutcome.get(label) ?? 0) + 1);
        } catch {
          // not JSON
        }
      }
    });
  }
  return counts;
}

async function waitFor(what: string, done: () => boolean | Promise<boolean>, timeoutMs = TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

// --- the run ---
const loadAtStart = loadAverage();
const target = await startBenchTarget(TARGET, SHARDS);
const createRun = () => createSitrepRun({
  redisUrl: target.redisUrl,
  feeds: feeds.map((feed) => ({ id: feed.id, url: feed.url, interval: STEADY_INTERVAL })),
  settings: target.settings({
    fetch: { allowPrivateNetworks: true, hostMinGapMs: 0, hostMaxConcurrent: 1_000 },
    schedule: { minInterval: 1 },
    log: { level: 'info' },
  }),
});
const placementOf = async (prefix: string) => {
  const runKeys = target.keys(prefix);
  return {
    queueShards: await Promise.all(allShards(SHARDS).map((shard) => target.nodeOfKey(`${target.queuePrefix(prefix, shard)}:items:wait`))),
    dedupIndex: await target.nodeOfKey(`${runKeys.dedupIndexPrefix()}:x`),
    recordStream: await target.nodeOfKey(runKeys.recordStream()),
  };
};
// On a cluster the random run prefix decides the masters of the single-slot groups: retry until the queue
// shard 0, the dedup index and the record stream sit on three different masters, so each shows apart.
let run = await createRun();
let placement = await placementOf(run.prefix);
for (let attempt = 0; TARGET === 'cluster' && attempt < 50; attempt++) {
  if (new Set([placement.queueShards[0], placement.dedupIndex, placement.recordStream]).size === 3) break;
  await run.cleanup();
  run = await createRun();
  placement = await placementOf(run.prefix);
}
const keys = target.keys(run.prefix);
const recordNode = placement.recordStream;
console.log(`capacity: ${TARGET}${TARGET === 'cluster' ? ` (${target.nodes.map((n) => n.label).join(', ')})` : ''}, shards ${SHARDS}, ${FEEDS} feeds listing ${LISTED} items, ` +
  `rounds of ${NEW_ROUNDS.join(' and ')} new items per feed, placement ${JSON.stringify(placement)}; load ${loadAtStart}`);
const env = { SITREP_ALLOW_PRIVATE_NETWORKS: '1', ...target.env };
const poller = run.spawn(['worker', '--queues', 'fetch'], { env, name: 'capacity-poller' });
const itemer = run.spawn(['worker', '--queues', 'items'], { env, name: 'capacity-items' });
const polls = watchPolls(poller.child);
const connection = target.connect();
const shardList = allShards(SHARDS);
const fetchQueues = shardList.map((shard) => new Queue<FetchJobData>(QUEUE_FETCH, { connection, prefix: target.queuePrefix(run.prefix, shard) }));
const itemsQueues = shardList.map((shard) => new Queue<ItemJobData>(QUEUE_ITEMS, { connection, prefix: target.queuePrefix(run.prefix, shard) }));
let xlenCalls = 0;
const recordCount = async () => {
  xlenCalls++;
  return connection.xlen(keys.recordStream());
};

function feedConfigOf(index: number): FeedConfig {
  return { id: feeds[index]!.id, url: feeds[index]!.url, intervalSeconds: STEADY_INTERVAL, tags: [], fetchArticle: false };
}

async function enqueuePolls(feedIndexes: number[]): Promise<void> {
  for (const shard of shardList) {
    const mine = feedIndexes.filter((index) => shardOfFeed(feeds[index]!.id, SHARDS) === shard);
    for (let offset = 0; offset < mine.length; offset += 1_000) {
      await fetchQueues[shard]!.addBulk(mine.slice(offset, offset + 1_000).map((index) => ({ name: JOB_POLL, data: { feed: feedConfigOf(index) }, opts: { attempts: 1 } })));
    }
  }
}

/**
 * A window: per-master deltas minus the idle rate over its duration and minus the bench's XLENs; and the two
 * workers' CPU (/proc, 10 ms ticks) minus their idle rate.
 */
interface Window { before: NodeSnapshot[]; startMs: number; xlenAtStart: number; workerCpu: number[] }
const workerPids = () => [poller.child.pid!, itemer.child.pid!];
const workerCpuNow = () => workerPids().map((pid) => processCpuSeconds(pid) ?? 0);
async function openWindow(): Promise<Window> {
  return { before: await target.snapshot(), startMs: Date.now(), xlenAtStart: xlenCalls, workerCpu: workerCpuNow() };
}
let idleRate: Array<{ cpuPerSecond: number; callsPerSecond: number }> = target.nodes.map(() => ({ cpuPerSecond: 0, callsPerSecond: 0 }));
let idleWorkerCpuPerSecond = [0, 0];
async function closeWindow(window: Window): Promise<{ seconds: number; deltas: NodeDelta[]; cpu: number[]; calls: number[]; workerCpu: number[] }> {
  const after = await target.snapshot();
  const workerCpu = workerCpuNow();
  const seconds = (Date.now() - window.startMs) / 1000;
  const deltas = diffSnapshots(window.before, after, { [recordNode]: { xlen: xlenCalls - window.xlenAtStart } });
  return {
    seconds,
    deltas,
    cpu: deltas.map((delta, index) => Math.max(0, delta.cpuSeconds - idleRate[index]!.cpuPerSecond * seconds)),
    calls: deltas.map((delta, index) => Math.max(0, delta.calls - idleRate[index]!.callsPerSecond * seconds)),
    workerCpu: workerCpu.map((cpu, index) => Math.max(0, cpu - window.workerCpu[index]! - idleWorkerCpuPerSecond[index]! * seconds)),
  };
}

interface StageFigure {
  units: number;
  seconds: number;
  commandsPerUnit: number;
  commandsPerUnitPerMaster: number[];
  redisCpuUsPerUnit: number;
  redisCpuUsPerUnitPerMaster: number[];
  /** commandstats per unit, summed over the masters (Lua-internal commands included). */
  commands: Record<string, number>;
  /** commandstats usec per unit for EVALSHA (time inside scripts, their inner commands included). */
  evalshaUsPerUnit: number;
  evalshaUsPerUnitPerMaster: number[];
  /** CPU of the fetch-only and the items-only worker process per unit, microseconds (10 ms ticks). */
  pollerCpuUsPerUnit: number;
  itemsWorkerCpuUsPerUnit: number;
}

function figure(result: Awaited<ReturnType<typeof closeWindow>>, units: number): StageFigure {
  const summed = new Map<string, { calls: number; usec: number }>();
  for (const delta of result.deltas) {
    for (const [name, stat] of delta.commands) {
      const was = summed.get(name) ?? { calls: 0, usec: 0 };
      summed.set(name, { calls: was.calls + stat.calls, usec: was.usec + stat.usec });
    }
  }
  const round2 = (n: number) => Number(n.toFixed(2));
  return {
    units,
    seconds: round2(result.seconds),
    commandsPerUnit: round2(result.calls.reduce((a, b) => a + b, 0) / units),
    commandsPerUnitPerMaster: result.calls.map((calls) => round2(calls / units)),
    redisCpuUsPerUnit: round2(result.cpu.reduce((a, b) => a + b, 0) / units * 1e6),
    redisCpuUsPerUnitPerMaster: result.cpu.map((cpu) => round2(cpu / units * 1e6)),
    commands: Object.fromEntries([...summed].sort((a, b) => b[1].calls - a[1].calls).slice(0, 14).map(([name, stat]) => [name, round2(stat.calls / units)])),
    evalshaUsPerUnit: round2((summed.get('evalsha')?.usec ?? 0) / units),
    evalshaUsPerUnitPerMaster: result.deltas.map((delta) => round2((delta.commands.find(([name]) => name === 'evalsha')?.[1].usec ?? 0) / units)),
    pollerCpuUsPerUnit: Math.round(result.workerCpu[0]! / units * 1e6),
    itemsWorkerCpuUsPerUnit: Math.round(result.workerCpu[1]! / units * 1e6),
  };
}

function show(label: string, stage: StageFigure): void {
  const perMaster = target.nodes.length > 1
    ? ` [per master: ${stage.commandsPerUnitPerMaster.join(' / ')} commands, ${stage.redisCpuUsPerUnitPerMaster.join(' / ')} us]` : '';
  console.log(`  ${label}: ${stage.commandsPerUnit} commands, ${stage.redisCpuUsPerUnit} us Redis CPU (${stage.units} units in ${stage.seconds} s)${perMaster}`);
  console.log(`      ${Object.entries(stage.commands).map(([name, n]) => `${name} ${n}`).join(', ')}; evalsha usec ${stage.evalshaUsPerUnit}` +
    `${target.nodes.length > 1 ? ` (${stage.evalshaUsPerUnitPerMaster.join(' / ')})` : ''}; worker CPU us: poller ${stage.pollerCpuUsPerUnit}, items ${stage.itemsWorkerCpuUsPerUnit}`);
}

const result: Record<string, unknown> = { placement };
try {
  await Promise.all([poller.waitForOutput(/queues \[/, 60_000), itemer.waitForOutput(/queues \[/, 60_000)]);

  // 1. Idle: two workers waiting on empty queues.
  await sleep(2_000);
  const idleWindow = await openWindow();
  await sleep(IDLE_SECONDS * 1_000);
  const idle = await closeWindow(idleWindow);
  idleRate = idle.deltas.map((delta) => ({ cpuPerSecond: delta.cpuSeconds / idle.seconds, callsPerSecond: delta.calls / idle.seconds }));
  idleWorkerCpuPerSecond = idle.workerCpu.map((cpu) => cpu / idle.seconds);
  result.idle = { seconds: Number(idle.seconds.toFixed(1)), commandsPerSecondPerMaster: idleRate.map((r) => Number(r.callsPerSecond.toFixed(1))), cpuShareOfCorePerMaster: idleRate.map((r) => Number(r.cpuPerSecond.toFixed(4))), workerCpuShareOfCore: idleWorkerCpuPerSecond.map((r) => Number(r.toFixed(4))) };
  console.log(`  idle (2 workers, empty queues): ${JSON.stringify(result.idle)}; subtracted from every window below`);

  // 2. Priming: every feed's first poll (200, LISTED new items), both stages running; not measured.
  let expectedRecords = FEEDS * LISTED;
  const primePolls = polls.total;
  await enqueuePolls(everyFeed);
  await waitFor('priming polls', () => polls.total >= primePolls + FEEDS);
  await waitFor('priming records', async () => (await recordCount()) >= expectedRecords);
  await sleep(500);

  // 3. Unchanged round: every feed answers 304.
  await Promise.all(fetchQueues.map((queue) => queue.pause()));
  await enqueuePolls(everyFeed);
  let window = await openWindow();
  let pollsBefore = polls.total;
  await Promise.all(fetchQueues.map((queue) => queue.resume()));
  await waitFor('304 round', () => polls.total >= pollsBefore + FEEDS);
  const notModified = figure(await closeWindow(window), FEEDS);
  result.unchangedPoll = notModified;
  show('per unchanged poll (304)', notModified);

  // 4. Rounds with new items: the fetch stage with the items queue paused, then the items stage alone.
  const fetchRounds: Array<{ newPerPoll: number; perPoll: StageFigure }> = [];
  const itemRounds: Array<{ newPerPoll: number; perItem: StageFigure }> = [];
  for (const newPerPoll of NEW_ROUNDS) {
    addRound(newPerPoll, everyFeed);
    publish(everyFeed);
    await Promise.all(itemsQueues.map((queue) => queue.pause()));
    await Promise.all(fetchQueues.map((queue) => queue.pause()));
    await enqueuePolls(everyFeed);
    window = await openWindow();
    pollsBefore = polls.total;
    await Promise.all(fetchQueues.map((queue) => queue.resume()));
    await waitFor(`fetch round +${newPerPoll}`, () => polls.total >= pollsBefore + FEEDS);
    await sleep(200);
    const perPoll = figure(await closeWindow(window), FEEDS);
    fetchRounds.push({ newPerPoll, perPoll });
    show(`per poll with ${newPerPoll} new item(s) (fetch stage)`, perPoll);
    expectedRecords += FEEDS * newPerPoll;
    window = await openWindow();
    await Promise.all(itemsQueues.map((queue) => queue.resume()));
    await waitFor(`items round +${newPerPoll}`, async () => (await recordCount()) >= expectedRecords);
    await sleep(300);
    const perItem = figure(await closeWindow(window), FEEDS * newPerPoll);
    itemRounds.push({ newPerPoll, perItem });
    show(`per new item (items stage, ${newPerPoll} per poll)`, perItem);
  }
  result.fetchRounds = fetchRounds;
  result.itemRounds = itemRounds;
  if (fetchRounds.length >= 2) {
    // Fetch stage per poll = base + perNewItem x new items, from the smallest and largest rounds.
    const low = fetchRounds[0]!;
    const high = fetchRounds[fetchRounds.length - 1]!;
    const span = high.newPerPoll - low.newPerPoll;
    const slope = (a: number, b: number) => (b - a) / span;
    const fit = {
      commandsPerNewItem: Number(slope(low.perPoll.commandsPerUnit, high.perPoll.commandsPerUnit).toFixed(2)),
      commandsBase: Number((low.perPoll.commandsPerUnit - slope(low.perPoll.commandsPerUnit, high.perPoll.commandsPerUnit) * low.newPerPoll).toFixed(2)),
      redisCpuUsPerNewItem: Number(slope(low.perPoll.redisCpuUsPerUnit, high.perPoll.redisCpuUsPerUnit).toFixed(2)),
      redisCpuUsBase: Number((low.perPoll.redisCpuUsPerUnit - slope(low.perPoll.redisCpuUsPerUnit, high.perPoll.redisCpuUsPerUnit) * low.newPerPoll).toFixed(2)),
    };
    result.fetchStageFit = fit;
    console.log(`  fetch stage per poll with new items = ${fit.commandsBase} + ${fit.commandsPerNewItem} x new commands; ${fit.redisCpuUsBase} + ${fit.redisCpuUsPerNewItem} x new us Redis CPU`);
  }

  // 5. Round trips under MONITOR on a subset (MONITOR slows Redis: not during the timed rounds).
  const subset = everyFeed.slice(0, MONITOR_FEEDS);
  const ignore = () => new Set(localAddresses(connection));
  const tripsOf = async (units: number, body: () => Promise<void>) => {
    const tally = await monitorRoundTrips(target, run.prefix, ignore);
    await sleep(200);
    await body();
    await sleep(500);
    await tally.stop();
    const perUnit = (n: number) => Number((n / units).toFixed(2));
    return {
      units,
      roundTripsPerUnit: perUnit(tally.roundTrips.reduce((a, b) => a + b, 0)),
      roundTripsPerUnitPerMaster: tally.roundTrips.map(perUnit),
      luaCommandsPerUnit: perUnit(tally.luaCommands.reduce((a, b) => a + b, 0)),
      byLabel: Object.fromEntries([...tally.byLabel].sort((a, b) => b[1] - a[1]).map(([label, n]) => [label, perUnit(n)])),
    };
  };
  await Promise.all(fetchQueues.map((queue) => queue.pause()));
  await enqueuePolls(subset);
  const trips304 = await tripsOf(subset.length, async () => {
    pollsBefore = polls.total;
    await Promise.all(fetchQueues.map((queue) => queue.resume()));
    await waitFor('monitored 304 round', () => polls.total >= pollsBefore + subset.length);
  });
  addRound(MONITOR_NEW, subset);
  publish(subset);
  await Promise.all(itemsQueues.map((queue) => queue.pause()));
  await Promise.all(fetchQueues.map((queue) => queue.pause()));
  await enqueuePolls(subset);
  const tripsNew = await tripsOf(subset.length, async () => {
    pollsBefore = polls.total;
    await Promise.all(fetchQueues.map((queue) => queue.resume()));
    await waitFor('monitored fetch round', () => polls.total >= pollsBefore + subset.length);
  });
  expectedRecords += subset.length * MONITOR_NEW;
  const tripsItems = await tripsOf(subset.length * MONITOR_NEW, async () => {
    await Promise.all(itemsQueues.map((queue) => queue.resume()));
    await waitFor('monitored items round', async () => (await recordCount()) >= expectedRecords);
  });
  result.roundTrips = { unchangedPoll: trips304, pollWithNewItems: { newPerPoll: MONITOR_NEW, ...tripsNew }, newItem: tripsItems };
  const showTrips = (label: string, trips: typeof trips304) => console.log(`  round trips ${label}: ${trips.roundTripsPerUnit}` +
    `${target.nodes.length > 1 ? ` (per master ${trips.roundTripsPerUnitPerMaster.join(' / ')})` : ''}, Lua-internal commands ${trips.luaCommandsPerUnit}: ` +
    `${Object.entries(trips.byLabel).slice(0, 12).map(([label, n]) => `${label} ${n}`).join(', ')}`);
  showTrips(`per unchanged poll (MONITOR, ${subset.length} polls)`, trips304);
  showTrips(`per poll with ${MONITOR_NEW} new items (fetch stage)`, tripsNew);
  showTrips(`per new item (items stage, ${tripsItems.units} items)`, tripsItems);

  // 6. Steady state: the feeds' job schedulers (interval STEADY_INTERVAL), nothing changes; per firing.
  if (STEADY_SECONDS > 0) {
    const scheduler = run.spawn(['scheduler', '--once'], { env, name: 'capacity-scheduler' });
    const exit = await scheduler.exited;
    if (exit.code !== 0) throw new Error(`scheduler --once exited ${exit.code}: ${scheduler.output().slice(-1_000)}`);
    // Warm-up: the first firings, and every feed's adaptive interval settling.
    await sleep(Math.max(3 * STEADY_INTERVAL, 10) * 1_000);
    const slices: Array<{ firings: number; notModified: number; skipped: number; other: number; calls: number; cpu: number; pollerCpu: number }> = [];
    // Firings come in bursts at multiples of the interval (BullMQ aligns `every` to the epoch): slice between bursts.
    const periodMs = STEADY_INTERVAL * 1_000;
    await sleep(periodMs - ((Date.now() + periodMs / 2) % periodMs));
    const steadyStart = await openWindow();
    const outcomeStart = new Map(polls.byOutcome);
    const totalStart = polls.total;
    let sliceWindow = steadyStart;
    let sliceOutcomes = new Map(polls.byOutcome);
    let sliceTotal = polls.total;
    const sliceCount = Math.max(1, Math.round(STEADY_SECONDS / STEADY_INTERVAL));
    for (let slice = 1; slice <= sliceCount; slice++) {
      await sleep(Math.max(0, steadyStart.startMs + slice * periodMs - Date.now()));
      const closed = await closeWindow(sliceWindow);
      const outcomes = new Map(polls.byOutcome);
      const since = (label: string) => (outcomes.get(label) ?? 0) - (sliceOutcomes.get(label) ?? 0);
      const firings = polls.total - sliceTotal;
      const skipped = [...outcomes.keys()].filter((label) => label.startsWith('skipped')).reduce((sum, label) => sum + since(label), 0);
      slices.push({ firings, notModified: since('not-modified'), skipped, other: firings - since('not-modified') - skipped, calls: closed.calls.reduce((a, b) => a + b, 0), cpu: closed.cpu.reduce((a, b) => a + b, 0), pollerCpu: closed.workerCpu[0]! });
      sliceWindow = await openWindow();
      sliceOutcomes = outcomes;
      sliceTotal = polls.total;
    }
    const whole = figure(await closeWindow(steadyStart), polls.total - totalStart);
    const outcomes = Object.fromEntries([...polls.byOutcome].map(([label, n]) => [label, n - (outcomeStart.get(label) ?? 0)]).filter(([, n]) => (n as number) > 0));
    const hitsPerSecond = Number(((polls.byOutcome.get('not-modified') ?? 0) - (outcomeStart.get('not-modified') ?? 0)) / whole.seconds).toFixed(1);
    // Least squares over the slices: per skipped firing and per 304 poll (the rare other outcomes folded into 304).
    const fit = (pick: (slice: (typeof slices)[number]) => number) => fit2(slices.map((s) => [s.skipped, s.notModified + s.other, pick(s)]));
    const callsFit = fit((s) => s.calls);
    const cpuFit = fit((s) => s.cpu * 1e6);
    const pollerFit = fit((s) => s.pollerCpu * 1e6);
    result.steady = {
      intervalSeconds: STEADY_INTERVAL,
      firings: whole.units,
      firingsPerSecond: Number((whole.units / whole.seconds).toFixed(1)),
      httpPollsPerSecond: Number(hitsPerSecond),
      outcomes,
      perFiring: whole,
      fit: callsFit && cpuFit ? {
        commandsPerSkippedFiring: round2(callsFit[0]), commandsPerScheduled304: round2(callsFit[1]),
        redisCpuUsPerSkippedFiring: round2(cpuFit[0]), redisCpuUsPerScheduled304: round2(cpuFit[1]),
        ...(pollerFit ? { pollerCpuUsPerSkippedFiring: Math.round(pollerFit[0]), pollerCpuUsPerScheduled304: Math.round(pollerFit[1]) } : {}),
      } : null,
      // [skipped, 304, other, commands, Redis CPU us, poller CPU us] per slice.
      slices: slices.map((s) => [s.skipped, s.notModified, s.other, Math.round(s.calls), Math.round(s.cpu * 1e6), Math.round(s.pollerCpu * 1e6)]),
    };
    console.log(`  steady state (schedulers every ${STEADY_INTERVAL} s, ${FEEDS} feeds, nothing new): ${(result.steady as { firingsPerSecond: number }).firingsPerSecond} firings/s, ${hitsPerSecond} HTTP polls/s; outcomes ${JSON.stringify(outcomes)}`);
    show('per scheduler firing (mix above)', whole);
    console.log(`      fit over ${slices.length} slices of ${STEADY_INTERVAL} s: ${JSON.stringify((result.steady as { fit: unknown }).fit)}`);
  }
} finally {
  await Promise.all([...fetchQueues, ...itemsQueues].map((queue) => queue.close()));
  await run.cleanup();
  await target.close();
  await server.close();
}
console.log(JSON.stringify({ case: 'capacity', node: process.version, target: TARGET, shards: SHARDS, feeds: FEEDS, listed: LISTED, loadAtStart, load: loadAverage(), ...result }));
process.exit(0);

function round2(n: number): number {
  return Number(n.toFixed(2));
}

/** Least squares y = a*x1 + b*x2 (no intercept: the idle rate is already subtracted); null when singular. */
function fit2(rows: Array<[number, number, number]>): [number, number] | null {
  let s11 = 0, s12 = 0, s22 = 0, s1y = 0, s2y = 0;
  for (const [x1, x2, y] of rows) {
    s11 += x1 * x1; s12 += x1 * x2; s22 += x2 * x2; s1y += x1 * y; s2y += x2 * y;
  }
  const det = s11 * s22 - s12 * s12;
  if (Math.abs(det) < 1e-9 * Math.max(1, s11 * s22)) return null;
  return [(s1y * s22 - s2y * s12) / det, (s2y * s11 - s1y * s12) / det];
}
