/**
 * bench:ingest — ingest speed and memory on a generated 100,000-row JSONL file.
 * Prints figures; asserts nothing. The baseline (read + JSON.parse of every line, no
 * validation, no store) is measured in the same run so the ratio is meaningful on a
 * shared, noisy machine.
 */
import { appendFileSync, createReadStream, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { IngestOptionsSchema } from '../../src/config/schema.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { openStore } from '../../src/store/db.js';
import { projectRoot } from '../helpers/cli.js';

const rows = Number(process.env.BENCH_ROWS ?? 100_000);
const dir = join(projectRoot, 'runs', 'bench');
mkdirSync(dir, { recursive: true });
const file = join(dir, `ingest-${rows}.jsonl`);
const dbPath = join(dir, 'ingest-bench.db');

const tags = ['greeting', 'account_lookup', 'billing_question', 'technical_debug', 'complex_analysis'];
const locales = ['en-US', 'en-GB', 'es-MX', 'ja-JP', 'de-DE'];
// Written in chunks so the generator's memory does not count in the peak RSS.
writeFileSync(file, '');
let lines: string[] = [];
for (let i = 0; i < rows; i += 1) {
  lines.push(
    JSON.stringify({
      id: `req-${i}`,
      prompt: `Customer ${i % 977} asks about ${tags[i % 5]} case ${i}: my invoice INV-${(i * 7919) % 100_000} shows ${(i % 300) + 0.99} USD, please explain the charge and what I should do next.`,
      segments: { locale: locales[i % 5]!, tier: ['free', 'pro', 'enterprise'][i % 3]!, channel: i % 4 ? 'chat' : 'api' },
      tag: tags[i % 5],
      timestamp: new Date(Date.UTC(2024, 4, 1) + i * 30_000).toISOString(),
      responses: { cheap: `Short answer ${i}`, strong: `Detailed answer ${i}` },
      labels: { cheap: i % 7 !== 0, strong: true },
    }),
  );
  if (lines.length === 10_000 || i === rows - 1) {
    appendFileSync(file, `${lines.join('\n')}\n`);
    lines = [];
  }
}
const bytes = statSync(file).size;

async function baseline(): Promise<number> {
  const started = performance.now();
  let parsed = 0;
  for await (const line of createInterface({ input: createReadStream(file) })) {
    if (JSON.parse(line)) parsed += 1;
  }
  if (parsed !== rows) throw new Error('baseline read the wrong number of rows');
  return (performance.now() - started) / 1000;
}

rmSync(dbPath, { force: true });
rmSync(`${dbPath}-wal`, { force: true });
const baselineSeconds = await baseline();
const db = openStore(dbPath);
const cpuBefore = process.cpuUsage();
const started = performance.now();
const summary = await ingest(db, { files: [file], dataset: 'bench', options: IngestOptionsSchema.parse({}) });
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const reingestStarted = performance.now();
const again = await ingest(db, { files: [file], dataset: 'bench', options: IngestOptionsSchema.parse({}) });
const reingestSeconds = (performance.now() - reingestStarted) / 1000;
db.close();

const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
console.log(`bench:ingest  ${rows} rows, ${mb(bytes)} MB of JSONL`);
console.log(`  ingest       ${seconds.toFixed(2)} s  ${Math.round(rows / seconds)} rows/s  (cpu ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s)`);
console.log(`  ingested ${summary.ingested}, duplicates ${summary.duplicates}, quarantined ${summary.quarantined}`);
console.log(`  re-ingest    ${reingestSeconds.toFixed(2)} s  ${Math.round(rows / reingestSeconds)} rows/s  (all ${again.duplicates} rows are duplicates)`);
console.log(`  baseline     ${baselineSeconds.toFixed(2)} s  (readline + JSON.parse only); ingest/baseline = ${(seconds / baselineSeconds).toFixed(1)}x`);
console.log(`  peak RSS     ${mb(process.resourceUsage().maxRSS * 1024)} MB`);
