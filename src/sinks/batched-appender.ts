import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';

/** The part of a FileHandle the appender uses (a node FileHandle fits; tests can wrap one). */
export interface AppendHandle {
  write(buffer: Uint8Array): Promise<{ bytesWritten: number }>;
  stat(): Promise<{ size: number }>;
  truncate(length: number): Promise<void>;
  close(): Promise<void>;
}

export type OpenForAppend = (filePath: string) => Promise<AppendHandle>;

export interface BatchedAppenderOptions {
  /** Opens a file for appending (default: fs open with flag 'a'). */
  openFile?: OpenForAppend;
  /** Called after a file is opened (not awaited; e.g. to prune old day files). */
  onOpen?: (file: string) => void;
  /** A batch stops growing at this many bytes (a longer single line is written alone). */
  maxBatchBytes?: number;
  maxBatchLines?: number;
}

interface PendingLine {
  file: string;
  line: string;
  bytes: number;
  resolve: () => void;
  reject: (err: unknown) => void;
}

const openForAppend: OpenForAppend = (filePath) => open(filePath, 'a');

/**
 * Appends lines to files under dir, one write per batch instead of one per line: lines requested in the
 * same tick or while a write is in flight go out together. A batch holds lines of one file, in call order.
 * One whole line or nothing: batches are written one at a time, so a short write (disk full) is the
 * file's tail; it is cut back to the size before the batch and every line of the batch is rejected.
 * Each append's promise resolves only once its line is in the file.
 */
export class BatchedAppender {
  private readonly openFile: OpenForAppend;
  private readonly onOpen: (file: string) => void;
  private readonly maxBatchBytes: number;
  private readonly maxBatchLines: number;
  private handle: { file: string; handle: AppendHandle } | null = null;
  private readonly queue: PendingLine[] = [];
  private draining: Promise<void> | null = null;

  constructor(readonly dir: string, options: BatchedAppenderOptions = {}) {
    this.openFile = options.openFile ?? openForAppend;
    this.onOpen = options.onOpen ?? (() => undefined);
    this.maxBatchBytes = options.maxBatchBytes ?? 1_048_576;
    this.maxBatchLines = options.maxBatchLines ?? 1_000;
  }

  /** Name of the file the open handle is for, if any. */
  get currentFile(): string | null {
    return this.handle?.file ?? null;
  }

  /** Appends line (which should end in a newline) to file under dir. */
  append(file: string, line: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ file, line, bytes: Buffer.byteLength(line, 'utf8'), resolve, reject });
      if (!this.draining) this.draining = this.drainAfterThisTick();
    });
  }

  private async drainAfterThisTick(): Promise<void> {
    // Lets the other appends of this tick (e.g. replies of one Redis read) join the first batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    for (;;) {
      const batch = this.takeBatch();
      if (!batch) {
        // Synchronously with the empty check, so a later append starts a new drain.
        this.draining = null;
        return;
      }
      await this.writeBatch(batch);
    }
  }

  private takeBatch(): PendingLine[] | null {
    const first = this.queue[0];
    if (!first) return null;
    let end = 1;
    let bytes = first.bytes;
    for (; end < this.queue.length && end < this.maxBatchLines; end++) {
      const next = this.queue[end]!;
      if (next.file !== first.file || bytes + next.bytes > this.maxBatchBytes) break;
      bytes += next.bytes;
    }
    return this.queue.splice(0, end);
  }

  /** Never throws: the outcome goes to the batch's callers. */
  private async writeBatch(batch: PendingLine[]): Promise<void> {
    try {
      const handle = await this.fileHandle(batch[0]!.file);
      const buffer = Buffer.allocUnsafe(batch.reduce((sum, pending) => sum + pending.bytes, 0));
      let offset = 0;
      for (const pending of batch) offset += buffer.write(pending.line, offset, 'utf8');
      // The kernel reports a partial append as a short count, not an error; an error means nothing was written.
      const written = (await handle.write(buffer)).bytesWritten;
      if (written !== buffer.length) {
        if (written > 0) {
          const { size } = await handle.stat();
          await handle.truncate(size - written);
        }
        throw Object.assign(new Error(`short write (${written} of ${buffer.length} bytes): no space left on device?`), { code: 'ENOSPC' });
      }
    } catch (err) {
      for (const pending of batch) pending.reject(err);
      return;
    }
    for (const pending of batch) pending.resolve();
  }

  private async fileHandle(file: string): Promise<AppendHandle> {
    if (this.handle?.file === file) return this.handle.handle;
    // Only the drain opens files and it writes one batch at a time, so opens never overlap.
    await mkdir(this.dir, { recursive: true });
    const handle = await this.openFile(path.join(this.dir, file));
    const previous = this.handle;
    this.handle = { file, handle };
    if (previous) await previous.handle.close().catch(() => undefined);
    this.onOpen(file);
    return handle;
  }

  /** Waits for the lines already requested, then closes the file (a later append opens it again). */
  async close(): Promise<void> {
    while (this.draining) await this.draining;
    const current = this.handle;
    this.handle = null;
    if (current) await current.handle.close();
  }
}
