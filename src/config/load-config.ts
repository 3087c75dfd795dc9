import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import { load as loadXml } from 'cheerio';
import type { z } from 'zod';
import type { FeedConfig } from '../model/index.ts';
import { ConfigError } from '../errors.ts';
import { feedListSchema, settingsSchema, type Settings } from './schema.ts';

export interface LoadConfigOptions {
  configFile?: string;
  feedsFile?: string;
  dataDir?: string;
  httpHost?: string;
  httpPort?: number;
  env?: NodeJS.ProcessEnv;
}

export interface SitrepConfig {
  settings: Settings;
  feeds: FeedConfig[];
  configFile: string;
  feedsFile: string;
}

interface YamlSource {
  file: string;
  doc: Document.Parsed;
  lines: LineCounter;
}

function readYaml(file: string, required: boolean): YamlSource | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (!required && (err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ConfigError(`${file}: cannot read: ${(err as Error).message}`, { cause: err });
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    throw new ConfigError(`${file}${pos ? `:${pos.line}:${pos.col}` : ''}: YAML syntax error: ${first.message.split('\n')[0]}`);
  }
  return { file, doc, lines };
}

function lineOf(source: YamlSource | null, issuePath: PropertyKey[]): string {
  if (!source) return '';
  // Walk up the path until a node exists, so a missing field points at its parent.
  for (let depth = issuePath.length; depth >= 0; depth--) {
    const node = source.doc.getIn(issuePath.slice(0, depth) as unknown[], true);
    if (isNode(node) && node.range) return `:${source.lines.linePos(node.range[0]).line}`;
  }
  return '';
}

function formatIssues(source: YamlSource | null, file: string, issues: z.core.$ZodIssue[], describe?: (p: PropertyKey[]) => string): ConfigError {
  const lines = issues.slice(0, 10).map((issue) => {
    const field = issue.path.map(String).join('.') || '(root)';
    const named = describe ? describe(issue.path) : '';
    return `${file}${lineOf(source, issue.path)}: ${named}${field}: ${issue.message}`;
  });
  return new ConfigError(`invalid configuration\n  ${lines.join('\n  ')}`);
}

function setPath(target: Record<string, unknown>, keys: string[], value: unknown): void {
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]!] = value;
}

/** Environment twins of settings (env > file > defaults). */
const ENV_SETTINGS: Array<{ env: string; path: string[]; type: 'string' | 'int' | 'bool' | 'number' }> = [
  { env: 'REDIS_URL', path: ['redis', 'url'], type: 'string' },
  { env: 'SITREP_REDIS_PREFIX', path: ['redis', 'prefix'], type: 'string' },
  { env: 'SITREP_REDIS_USERNAME', path: ['redis', 'username'], type: 'string' },
  { env: 'SITREP_REDIS_PASSWORD', path: ['redis', 'password'], type: 'string' },
  { env: 'SITREP_SENTINEL_PASSWORD', path: ['redis', 'sentinelPassword'], type: 'string' },
  { env: 'SITREP_SHARDS', path: ['shards'], type: 'int' },
  { env: 'SITREP_DATA_DIR', path: ['dataDir'], type: 'string' },
  { env: 'SITREP_HTTP_HOST', path: ['http', 'host'], type: 'string' },
  { env: 'SITREP_HTTP_PORT', path: ['http', 'port'], type: 'int' },
  { env: 'SITREP_HTTP_TOKEN', path: ['http', 'token'], type: 'string' },
  { env: 'SITREP_HTTP_USER', path: ['http', 'basicAuth', 'user'], type: 'string' },
  { env: 'SITREP_HTTP_PASSWORD', path: ['http', 'basicAuth', 'password'], type: 'string' },
  { env: 'SITREP_ALLOW_PRIVATE_NETWORKS', path: ['fetch', 'allowPrivateNetworks'], type: 'bool' },
  { env: 'SITREP_FETCH_CONCURRENCY', path: ['fetch', 'concurrency'], type: 'int' },
  { env: 'SITREP_ITEMS_CONCURRENCY', path: ['items', 'concurrency'], type: 'int' },
  { env: 'SITREP_SNIPPET_MAX_CHARS', path: ['items', 'maxSnippetChars'], type: 'int' },
  { env: 'SITREP_DEDUP_WINDOW_HOURS', path: ['dedup', 'windowHours'], type: 'number' },
  { env: 'SITREP_STREAM_MAXLEN', path: ['sinks', 'redisStream', 'maxLen'], type: 'int' },
  { env: 'SITREP_POSTGRES_URL', path: ['sinks', 'postgres', 'url'], type: 'string' },
  { env: 'LOG_LEVEL', path: ['log', 'level'], type: 'string' },
];

export const ENV_VARIABLES = ENV_SETTINGS.map((entry) => ({ env: entry.env, field: entry.path.join('.') }));

function applyEnv(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): void {
  for (const entry of ENV_SETTINGS) {
    const value = env[entry.env];
    if (value === undefined || value === '') continue;
    let parsed: unknown = value;
    if (entry.type === 'int' || entry.type === 'number') {
      parsed = Number(value);
      if (!Number.isFinite(parsed as number) || (entry.type === 'int' && !Number.isInteger(parsed))) {
        throw new ConfigError(`invalid configuration\n  env ${entry.env}: ${entry.path.join('.')}: not a ${entry.type === 'int' ? 'whole ' : ''}number: ${JSON.stringify(value)}`);
      }
    } else if (entry.type === 'bool') {
      if (!/^(1|0|true|false|yes|no)$/i.test(value)) {
        throw new ConfigError(`invalid configuration\n  env ${entry.env}: ${entry.path.join('.')}: expected 1/0/true/false, got ${JSON.stringify(value)}`);
      }
      parsed = /^(1|true|yes)$/i.test(value);
    }
    setPath(raw, entry.path, parsed);
  }
}

/** Parses and validates settings; the file is optional (defaults apply when it is missing). */
export function loadSettings(options: LoadConfigOptions = {}): { settings: Settings; configFile: string } {
  const env = options.env ?? process.env;
  const configFile = options.configFile ?? env.SITREP_CONFIG ?? 'config/sitrep.yaml';
  const source = readYaml(configFile, options.configFile !== undefined || env.SITREP_CONFIG !== undefined);
  const raw = (source?.doc.toJS() ?? {}) as Record<string, unknown> | null;
  const input: Record<string, unknown> = raw && typeof raw === 'object' ? raw : {};
  applyEnv(input, env);
  if (options.dataDir !== undefined) input.dataDir = options.dataDir;
  if (options.httpHost !== undefined) setPath(input, ['http', 'host'], options.httpHost);
  if (options.httpPort !== undefined) setPath(input, ['http', 'port'], options.httpPort);
  const result = settingsSchema.safeParse(input);
  if (!result.success) throw formatIssues(source, configFile, result.error.issues);
  const settings = result.data;
  if (settings.schedule.minInterval > settings.schedule.maxInterval) {
    throw new ConfigError(`invalid configuration\n  ${configFile}${lineOf(source, ['schedule', 'minInterval'])}: schedule.minInterval: greater than schedule.maxInterval`);
  }
  return { settings, configFile };
}

function readOpml(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${file}: cannot read: ${(err as Error).message}`, { cause: err });
  }
  const $ = loadXml(text, { xml: true });
  const feeds: Array<Record<string, unknown>> = [];
  const usedIds = new Set<string>();
  $('outline[xmlUrl], outline[xmlurl]').each((_, element) => {
    const outline = $(element);
    const url = outline.attr('xmlUrl') ?? outline.attr('xmlurl') ?? '';
    const title = outline.attr('title') ?? outline.attr('text') ?? '';
    let id = outline.attr('sitrep:id') ?? slugify(title || url);
    for (let n = 2; usedIds.has(id); n++) id = `${slugify(title || url)}-${n}`;
    usedIds.add(id);
    const feed: Record<string, unknown> = { id, url };
    if (title) feed.title = title;
    const interval = outline.attr('sitrep:interval');
    if (interval) feed.interval = interval;
    feeds.push(feed);
  });
  return { feeds };
}

function slugify(text: string): string {
  const slug = text.toLowerCase().replace(/^https?:\/\//, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return slug || 'feed';
}

/** Feed list (YAML, or OPML by extension), validated and with intervals clamped to the configured bounds. */
export function loadFeeds(file: string, settings: Settings): FeedConfig[] {
  const isOpml = path.extname(file).toLowerCase() === '.opml';
  const source = isOpml ? null : readYaml(file, true);
  const raw = isOpml ? readOpml(file) : source?.doc.toJS();
  const result = feedListSchema.safeParse(raw ?? {});
  const rawFeeds = (raw as { feeds?: Array<{ id?: unknown }> } | null)?.feeds;
  const describe = (issuePath: PropertyKey[]): string => {
    const index = issuePath[0] === 'feeds' ? issuePath[1] : undefined;
    const id = typeof index === 'number' ? rawFeeds?.[index]?.id : undefined;
    return typeof id === 'string' ? `feed "${id}": ` : '';
  };
  if (!result.success) throw formatIssues(source, file, result.error.issues, describe);
  const seen = new Map<string, number>();
  const { minInterval, maxInterval, defaultInterval } = settings.schedule;
  return result.data.feeds.map((entry, index) => {
    if (seen.has(entry.id)) {
      throw new ConfigError(`invalid configuration\n  ${file}${lineOf(source, ['feeds', index, 'id'])}: feeds.${index}.id: duplicate feed id "${entry.id}" (also feeds.${seen.get(entry.id)})`);
    }
    seen.set(entry.id, index);
    const interval = Math.min(maxInterval, Math.max(minInterval, entry.interval ?? defaultInterval));
    const feed: FeedConfig = {
      id: entry.id,
      url: entry.url,
      intervalSeconds: interval,
      tags: entry.tags,
      fetchArticle: entry.fetchArticle,
    };
    if (entry.language) feed.language = entry.language;
    if (entry.title) feed.title = entry.title;
    return feed;
  });
}

/** Settings + feeds, validated once at start. Throws ConfigError naming the file, line and field. */
export function loadConfig(options: LoadConfigOptions = {}): SitrepConfig {
  const env = options.env ?? process.env;
  const { settings, configFile } = loadSettings(options);
  const feedsFile = options.feedsFile ?? env.SITREP_FEEDS ?? 'config/feeds.yaml';
  const feeds = loadFeeds(feedsFile, settings);
  return { settings, feeds, configFile, feedsFile };
}
