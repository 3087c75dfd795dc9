import { createReadStream } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { ItemJobData } from '../queue/names.ts';
import { BatchedAppender, type BatchedAppenderOptions } from '../sinks/batched-appender.ts';

const FILE_PATTERN = /^items-(\d{4}-\d{2}-\d{2})\.ndjson$/;
const DAY_MS = 86_400_000;

export function rawItemsFileName(date: Date): string {
  return `items-${date.toISOString().slice(0, 10)}.ndjson`;
}

/** Raw files under dir whose UTC day is on or after since's day, oldest first, with their sizes. */
export async function listRawItemFiles(dir: string, since: Date): Promise<Array<{ file: string; day: string; bytes: number }>> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const sinceDay = since.toISOString().slice(0, 10);
  const files: Array<{ file: string; day: string; bytes: number }> = [];
  for (const name of names.sort()) {
    const day = FILE_PATTERN.exec(name)?.[1];
    if (!day || day < sinceDay) continue;
    const file = path.join(dir, name);
    files.push({ file, day, bytes: (await stat(file)).size });
  }
  return files;
}

export interface RawItemLine {
  /** null for a line that is skipped (malformed, or fetched before since): it still counts for progress. */
  data: ItemJobData | null;
  /** Bytes of this line including the newline (for byte-based progress). */
  bytes: number;
}

function isItemJobData(value: unknown): value is ItemJobData {
  const data = value as ItemJobData | null;
  return typeof data === 'object' && data !== null && typeof data.recordId === 'string' && typeof data.fetchedAt === 'string'
    && typeof data.feed === 'object' && data.feed !== null && typeof data.item === 'object' && data.item !== null;
}

/** Reads stored items fetched at or after since; a malformed line is reported through onBadLine and skipped. */
export async function* readRawItems(dir: string, since: Date, onBadLine: (file: string, line: number) => void = () => undefined): AsyncGenerator<RawItemLine> {
  const sinceMs = since.getTime();
  for (const { file } of await listRawItemFiles(dir, since)) {
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    let lineNo = 0;
    for await (const line of lines) {
      lineNo++;
      const bytes = Buffer.byteLength(line) + 1;
      if (!line.trim()) {
        yield { data: null, bytes };
        continue;
      }
      let data: unknown = null;
      try {
        data = JSON.parse(line);
      } catch {
        // reported below
      }
      if (!isItemJobData(data)) {
        onBadLine(file, lineNo);
        yield { data: null, bytes };
        continue;
      }
      const fetchedMs = Date.parse(data.fetchedAt);
      yield { data: Number.isNaN(fetchedMs) || fetchedMs < sinceMs ? null : data, bytes };
    }
  }
}

/**
 * Keeps the payload of every processed item job for `sitrep replay`: one NDJSON file per UTC day
 * under dir; files older than keepDays are deleted when a new day's file is opened.
 * Concurrent appends share one file write per batch, each a whole line or nothing (BatchedAppender).
 */
export class RawItemStore {
  private readonly appender: BatchedAppender;

  constructor(
    readonly dir: string,
    private readonly keepDays: number,
    private readonly now: () => Date = () => new Date(),
    appenderOptions: Omit<BatchedAppenderOptions, 'onOpen'> = {},
  ) {
    // A new day: drop what fell out of the window (best effort, the append does not wait on it).
    this.appender = new BatchedAppender(dir, { ...appenderOptions, onOpen: () => void this.prune().catch(() => undefined) });
  }

  /** Appends one item job's data as a line; resolves once the line is in the file. */
  async append(data: ItemJobData): Promise<void> {
    await this.appender.append(rawItemsFileName(this.now()), `${JSON.stringify(data)}\n`);
  }

  /** Deletes day files older than keepDays; returns the names removed. */
  async prune(): Promise<string[]> {
    const oldestKept = new Date(this.now().getTime() - (this.keepDays - 1) * DAY_MS).toISOString().slice(0, 10);
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const removed: string[] = [];
    for (const name of names) {
      const day = FILE_PATTERN.exec(name)?.[1];
      if (day && day < oldestKept && this.appender.currentFile !== name) {
        await rm(path.join(this.dir, name), { force: true });
        removed.push(name);
      }
    }
    return removed;
  }

  close(): Promise<void> {
    return this.appender.close();
  }
}
