/**
 * npm run bench:replay — the lane stage's throughput: 2,000 samples x 2 OpenAI lanes
 * against the fake upstream (its own process, 50 ms latency), concurrency 16 per lane.
 * Ideal = total concurrency / latency = 640 calls/s. Prints calls/s, the ratio to the
 * ideal, CPU time per call and peak RSS of this process (client, executor, store), and
 * the same figures for the bare openai SDK at the same concurrency, measured in the
 * same run: the part of the gap to the ideal that is the SDK's, not the replay's.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import OpenAI from 'openai';
import pLimit from 'p-limit';
import { LanesSchema } from '../../src/config/lanes.js';
import { IngestOptionsSchema } from '../../src/config/schema.js';
import { createExecutor } from '../../src/exec/executor.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { replayLanes } from '../../src/pipeline/lanes.js';
import { openStore } from '../../src/store/db.js';
import { getDataset } from '../../src/store/datasets.js';
import { listCalls } from '../../src/store/calls.js';
import { createRun } from '../../src/store/runs.js';
import { readSamples } from '../../src/store/samples.js';
import { makeTempDir, projectRoot } from '../helpers/cli.js';

const SAMPLES = 2000;
const LATENCY_MS = 50;
const CONCURRENCY = 16;

const server = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'test/bench/fakeUpstreamProcess.ts'), String(LATENCY_MS)], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise<string>((resolve) => createInterface({ input: server.stdout! }).once('line', resolve));
const temp = makeTempDir('router-eval-bench-');
try {
  const traffic = join(temp.dir, 'traffic.jsonl');
  writeFileSync(traffic, Array.from({ length: SAMPLES }, (_, i) => JSON.stringify({ id: `b${i}`, prompt: `Benchmark question number ${i}: summarise the invoice history of account ${i}.` })).join('\n') + '\n');
  const db = openStore(join(temp.dir, 'bench.db'));
  await ingest(db, { files: [traffic], dataset: 'bench', options: IngestOptionsSchema.parse({}) });
  const dataset = getDataset(db, 'bench');
  const samples = readSamples(db, dataset.id);
  const lane = (model: string) => ({ provider: 'openai', model, baseURL: `${url}/v1`, concurrency: CONCURRENCY, maxOutputTokens: 64 });
  const lanes = LanesSchema.parse({ cheap: lane('gpt-4o-mini'), strong: lane('gpt-4o') });
  const run = createRun(db, { datasetId: dataset.id, config: {}, configHash: 'bench' });

  const bareClient = new OpenAI({ apiKey: 'sk-bench', baseURL: `${url}/v1`, maxRetries: 0 });
  const bareLimit = pLimit(2 * CONCURRENCY);
  const bareCpuBefore = process.cpuUsage();
  const bareStarted = performance.now();
  await Promise.all(
    samples.flatMap((sample) =>
      ['gpt-4o-mini', 'gpt-4o'].map((model) =>
        bareLimit(() => bareClient.chat.completions.create({ model, max_tokens: 64, messages: [{ role: 'user', content: sample.prompt ?? '' }] })),
      ),
    ),
  );
  const bareSeconds = (performance.now() - bareStarted) / 1000;
  const bareCpu = process.cpuUsage(bareCpuBefore);

  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await replayLanes(db, { runId: run.id, samples, lanes, executor: createExecutor(), env: { OPENAI_API_KEY: 'sk-bench' }, cache: true, retryErrors: false });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const calls = listCalls(db, run.id);
  db.close();

  const ok = calls.filter((c) => c.status === 'ok').length;
  const ideal = (2 * CONCURRENCY * 1000) / LATENCY_MS;
  const rate = calls.length / seconds;
  console.log(`replay bench: ${SAMPLES} samples x 2 lanes, latency ${LATENCY_MS} ms, concurrency ${CONCURRENCY}/lane`);
  console.log(`  calls          ${calls.length} (${ok} ok) in ${seconds.toFixed(2)} s`);
  console.log(`  throughput     ${rate.toFixed(1)} calls/s; ideal ${ideal} calls/s; ratio ${(rate / ideal).toFixed(3)} (target >= 0.9)`);
  console.log(`  CPU per call   ${((cpu.user + cpu.system) / 1000 / calls.length).toFixed(3)} ms (user ${(cpu.user / 1e6).toFixed(2)} s, system ${(cpu.system / 1e6).toFixed(2)} s)`);
  const bareRate = (2 * SAMPLES) / bareSeconds;
  console.log(`  bare SDK       ${bareRate.toFixed(1)} calls/s (ratio to ideal ${(bareRate / ideal).toFixed(3)}), CPU per call ${((bareCpu.user + bareCpu.system) / 1000 / (2 * SAMPLES)).toFixed(3)} ms`);
  console.log(`  replay / bare SDK throughput ${(rate / bareRate).toFixed(3)}`);
  console.log(`  peak RSS       ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MB`);
} finally {
  server.kill('SIGTERM');
  temp.cleanup();
}
