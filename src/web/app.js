// sitrep dashboard. Every piece of data is put in the DOM as text (textContent / text nodes), never as HTML.
'use strict';

const SVG_NS = 'http://www.w3.org/2000/svg';
const REFRESH_MS = 10000;
const PAGE_SIZE = 50;
const ENTITY_KINDS = [
  ['countries', 'country'], ['units', 'unit'], ['people', 'person'], ['organizations', 'organization'],
];
const FLAT_KINDS = [['figures', 'figure'], ['dates', 'date']];

let filters = new URLSearchParams();
let nextCursor = null;

function el(tag, options = {}, children = []) {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  if (options.text !== undefined) node.textContent = String(options.text);
  if (options.title) node.title = options.title;
  for (const child of children) node.append(child);
  return node;
}

function svg(tag, attributes) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

async function getJson(path) {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

function shortTime(iso) {
  if (!iso) return '-';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : date.toISOString().replace('T', ' ').slice(0, 19);
}

/** Snippet mentions as non-overlapping [start, end, kind, label] sorted by start. */
function snippetSpans(record) {
  const spans = [];
  const entities = record.entities || {};
  for (const [field, kind] of ENTITY_KINDS) {
    for (const entity of entities[field] || []) {
      const label = entity.iso2 ? `${entity.name} (${entity.iso2})` : entity.name;
      for (const mention of entity.mentions || []) spans.push([mention, kind, label]);
    }
  }
  for (const [field, kind] of FLAT_KINDS) {
    for (const mention of entities[field] || []) spans.push([mention, kind, mention.iso || mention.text]);
  }
  const length = (record.snippet || '').length;
  const valid = spans
    .filter(([m]) => m && m.field === 'snippet' && Number.isInteger(m.start) && Number.isInteger(m.end) && m.start >= 0 && m.end > m.start && m.end <= length)
    .map(([m, kind, label]) => [m.start, m.end, kind, label])
    .sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const kept = [];
  let covered = 0;
  for (const span of valid) {
    if (span[0] < covered) continue;
    kept.push(span);
    covered = span[1];
  }
  return kept;
}

/** The snippet as text nodes with <mark> spans around entity mentions. */
function highlightedSnippet(record) {
  const text = record.snippet || '';
  const cell = el('td', { className: 'snippet' });
  let at = 0;
  for (const [start, end, kind, label] of snippetSpans(record)) {
    if (start > at) cell.append(document.createTextNode(text.slice(at, start)));
    const mark = el('mark', { className: `ent ent-${kind}`, text: text.slice(start, end), title: `${kind}: ${label}` });
    mark.dataset.kind = kind;
    cell.append(mark);
    at = end;
  }
  if (at < text.length) cell.append(document.createTextNode(text.slice(at)));
  return cell;
}

function recordRow(record) {
  const row = el('tr', {}, [
    el('td', { className: 'time', text: shortTime(record.fetchedAt) }),
    el('td', { text: record.feed ? record.feed.id : '-' }),
    el('td', { className: 'title', text: record.title || '' }),
    highlightedSnippet(record),
  ]);
  row.dataset.recordId = record.id;
  return row;
}

function drawChart(points) {
  const chart = document.getElementById('chart');
  chart.replaceChildren();
  const width = 640, height = 180, left = 36, right = 8, top = 10, bottom = 22;
  const max = Math.max(1, ...points.map((point) => point.count));
  const step = points.length > 1 ? (width - left - right) / (points.length - 1) : 0;
  const x = (index) => left + index * step;
  const y = (count) => top + (height - top - bottom) * (1 - count / max);
  chart.append(svg('line', { class: 'axis', x1: left, y1: y(0), x2: width - right, y2: y(0) }));
  chart.append(svg('line', { class: 'axis', x1: left, y1: top, x2: left, y2: y(0) }));
  const maxLabel = svg('text', { x: 2, y: top + 8 });
  maxLabel.textContent = String(max);
  const zeroLabel = svg('text', { x: 2, y: y(0) });
  zeroLabel.textContent = '0';
  const startLabel = svg('text', { x: left, y: height - 4 });
  startLabel.textContent = points.length ? shortTime(points[0].at).slice(11, 16) : '';
  const endLabel = svg('text', { x: width - right - 30, y: height - 4 });
  endLabel.textContent = points.length ? shortTime(points[points.length - 1].at).slice(11, 16) : '';
  chart.append(maxLabel, zeroLabel, startLabel, endLabel);
  chart.append(svg('polyline', { class: 'line', points: points.map((point, index) => `${x(index).toFixed(1)},${y(point.count).toFixed(1)}`).join(' ') }));
  points.forEach((point, index) => {
    const dot = svg('circle', { class: 'point', cx: x(index).toFixed(1), cy: y(point.count).toFixed(1), r: point.count > 0 ? 3 : 1.5 });
    dot.dataset.count = String(point.count);
    const title = svg('title', {});
    title.textContent = `${shortTime(point.at).slice(11, 16)}: ${point.count}`;
    dot.append(title);
    chart.append(dot);
  });
  const total = points.reduce((sum, point) => sum + point.count, 0);
  document.getElementById('throughput-total').textContent = `${total} records in the last hour`;
}

function drawFailingFeeds(feeds) {
  const failing = feeds.filter((feed) => feed.status === 'failing');
  const table = document.getElementById('failing-table');
  const body = table.querySelector('tbody');
  body.replaceChildren(...failing.map((feed) => {
    const reason = [feed.lastErrorKind, feed.lastError].filter(Boolean).join(': ');
    const row = el('tr', {}, [
      el('td', { className: 'feed', text: feed.id, title: feed.url }),
      el('td', { text: feed.consecutiveFailures }),
      el('td', { className: 'reason', text: reason || 'unknown' }),
      el('td', { className: 'time', text: shortTime(feed.lastSuccessAt) }),
      el('td', { className: 'time', text: shortTime(feed.nextPollDueAt) }),
    ]);
    row.dataset.feedId = feed.id;
    return row;
  }));
  table.hidden = failing.length === 0;
  document.getElementById('failing-empty').hidden = failing.length !== 0;
}

async function loadRecords(append) {
  const query = new URLSearchParams(filters);
  query.set('limit', String(PAGE_SIZE));
  if (append && nextCursor) query.set('cursor', nextCursor);
  const page = await getJson(`/api/records?${query}`);
  const body = document.querySelector('#records-table tbody');
  const rows = page.records.map(recordRow);
  if (append) body.append(...rows);
  else body.replaceChildren(...rows);
  nextCursor = page.nextCursor;
  document.getElementById('more').hidden = !nextCursor;
  document.getElementById('records-empty').hidden = body.children.length > 0;
}

async function refresh() {
  const results = await Promise.allSettled([
    getJson('/api/throughput?minutes=60').then((data) => drawChart(data.points)),
    getJson('/api/feeds').then((data) => drawFailingFeeds(data.feeds)),
    loadRecords(false),
  ]);
  const failed = results.filter((result) => result.status === 'rejected');
  document.getElementById('updated').textContent = failed.length
    ? `update failed: ${failed.map((result) => result.reason && result.reason.message).join('; ')}`
    : `updated ${shortTime(new Date().toISOString())} UTC`;
  document.body.dataset.loaded = 'true';
}

document.getElementById('filters').addEventListener('submit', (event) => {
  event.preventDefault();
  filters = new URLSearchParams();
  for (const [name, value] of new FormData(event.target)) {
    if (String(value).trim()) filters.set(name, String(value).trim());
  }
  void loadRecords(false).catch((err) => { document.getElementById('updated').textContent = err.message; });
});
document.getElementById('more').addEventListener('click', () => {
  void loadRecords(true).catch((err) => { document.getElementById('updated').textContent = err.message; });
});

void refresh();
setInterval(() => void refresh(), REFRESH_MS);
