// Preloaded with NODE_OPTIONS=--import (where --cpu-prof is refused): profiles the whole process with the
// inspector and writes a .cpuprofile to BENCH_CPU_PROF_DIR on exit (same-thread session posts are synchronous).
import { Session } from 'node:inspector';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const dir = process.env.BENCH_CPU_PROF_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  process.once('exit', () => {
    session.post('Profiler.stop', (err, result) => {
      if (err || !result) return;
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `worker-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
