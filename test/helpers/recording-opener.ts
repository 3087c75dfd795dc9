import { open } from 'node:fs/promises';
import path from 'node:path';
import type { AppendHandle, OpenForAppend } from '../../src/sinks/batched-appender.ts';

export interface RecordingOpener {
  openFile: OpenForAppend;
  /** Every write that reached the file, in order: file name and the text written. */
  writes: Array<{ file: string; text: string }>;
  /** The next `count` writes write only the first half of their buffer and report that short count (a disk filling up). */
  shortWrites(count: number): void;
  /** The next `count` writes fail with err and write nothing. */
  failWrites(count: number, err: Error): void;
}

/** Real files, opened for append, whose writes are recorded and can be made short or failing. */
export function recordingOpener(): RecordingOpener {
  const writes: Array<{ file: string; text: string }> = [];
  let short = 0;
  let failing: { count: number; err: Error } = { count: 0, err: new Error('unused') };
  const openFile: OpenForAppend = async (filePath) => {
    const handle = await open(filePath, 'a');
    const file = path.basename(filePath);
    const recording: AppendHandle = {
      write: async (buffer) => {
        if (failing.count > 0) {
          failing.count--;
          throw failing.err;
        }
        const part = short > 0 ? buffer.subarray(0, Math.floor(buffer.length / 2)) : buffer;
        if (short > 0) short--;
        const { bytesWritten } = await handle.write(part);
        writes.push({ file, text: Buffer.from(part.subarray(0, bytesWritten)).toString('utf8') });
        return { bytesWritten };
      },
      stat: () => handle.stat(),
      truncate: (length) => handle.truncate(length),
      close: () => handle.close(),
    };
    return recording;
  };
  return {
    openFile,
    writes,
    shortWrites: (count) => {
      short = count;
    },
    failWrites: (count, err) => {
      failing = { count, err };
    },
  };
}
