// Runs each bench/<case>.bench.ts in its own process (so one case's heap and JIT state do not
// colour another's), prints a table and writes bench/results/<case>-<timestamp>.json.
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const cases = readdirSync(benchDir)
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.replace(/\.bench\.ts$/, ''))
  .filter((name) => only.length === 0 || only.includes(name));

console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}, ${os.platform()} ${os.release()}`);
mkdirSync(path.join(benchDir, 'results'), { recursive: true });
let failed = 0;
for (const name of cases) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(benchDir, `${name}.bench.ts`)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0) {
    failed++;
    console.log(`${name}: failed (exit ${result.status})`);
    continue;
  }
  const lines = result.stdout.trim().split('\n');
  const json = lines.pop() ?? '{}';
  for (const line of lines) console.log(line);
  const file = path.join(benchDir, 'results', `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${json}\n`);
  console.log(`  -> ${path.relative(process.cwd(), file)}`);
}
process.exitCode = failed > 0 ? 1 : 0;
