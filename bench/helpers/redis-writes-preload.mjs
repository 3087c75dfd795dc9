// Preloaded into a sitrep process with NODE_OPTIONS=--import: counts socket.write calls and bytes per
// connection to port BENCH_REDIS_PORT, i.e. the client's sends (ioredis writes one command per call, or one
// call per pipeline / MULTI / auto-pipelined batch). On SIGUSR2 it writes {seq, sockets: {localPort: {writes,
// bytes}}} to BENCH_REDIS_WRITES_FILE (seq counts the snapshots, so the reader knows when it is fresh).
import net from 'node:net';
import { renameSync, writeFileSync } from 'node:fs';

const port = Number(process.env.BENCH_REDIS_PORT);
const file = process.env.BENCH_REDIS_WRITES_FILE;
if (port > 0 && file) {
  const counts = new Map();
  const write = net.Socket.prototype.write;
  net.Socket.prototype.write = function countedWrite(chunk, ...rest) {
    if (this.remotePort === port) {
      const key = String(this.localPort);
      const entry = counts.get(key) ?? { writes: 0, bytes: 0 };
      entry.writes++;
      entry.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : (chunk?.length ?? 0);
      counts.set(key, entry);
    }
    return write.call(this, chunk, ...rest);
  };
  let seq = 0;
  process.on('SIGUSR2', () => {
    seq++;
    // Written whole and renamed, so the reader never sees half a snapshot.
    writeFileSync(`${file}.tmp`, JSON.stringify({ seq, sockets: Object.fromEntries(counts) }));
    renameSync(`${file}.tmp`, file);
  });
}
