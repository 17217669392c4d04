import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath, projectRoot } from '../helpers/cli.js';

export const TOPICS = ['reset my password', 'refund an invoice', 'export a CSV report', 'invite a teammate'];

/** Prompts unique per sample, over a few topics so clustering has something to find. */
export function promptOf(i: number): string {
  return `Question ${i}: how do I ${TOPICS[i % TOPICS.length]} for workspace ${i}?`;
}

export function writeTraffic(dir: string, n: number, responses?: (i: number) => Record<string, string>): string {
  const file = join(dir, 'traffic.jsonl');
  const lines = Array.from({ length: n }, (_, i) => JSON.stringify({ id: `s${String(i).padStart(3, '0')}`, prompt: promptOf(i), ...(responses ? { responses: responses(i) } : {}) }));
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** A config with two OpenAI-compatible lanes on the fake upstream. */
export function writeConfig(dir: string, baseURL: string, extra: { lanes?: Record<string, unknown>; laneOverrides?: Record<string, unknown>; replay?: Record<string, unknown> } = {}): string {
  const lane = (model: string): Record<string, unknown> => ({ provider: 'openai', model, baseURL, concurrency: 2, maxOutputTokens: 20, ...extra.laneOverrides });
  const config = {
    dataset: 'fake',
    db: 'store.db',
    traffic: { files: ['traffic.jsonl'] },
    lanes: extra.lanes ?? { cheap: lane('gpt-4o-mini'), strong: lane('gpt-4o') },
    executor: { backoffBaseMs: 5, backoffMaxMs: 20, drainTimeoutMs: 2000 },
    replay: extra.replay ?? {},
    clustering: { k: 2 },
  };
  const file = join(dir, 'router-eval.config.json');
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

export const FAKE_KEY = 'sk-test-DISTINCTIVE-7f3a9c1e5b';

/** The built CLI as a child process the test can signal. */
export function spawnCli(args: string[], env: Record<string, string> = {}): { child: ChildProcess; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [cliPath, ...args], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', OPENAI_API_KEY: FAKE_KEY, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Every byte of the store, WAL included: where a leaked key would be found. */
export function storeBytes(dbPath: string): string {
  return ['', '-wal', '-shm']
    .map((suffix) => {
      try {
        return readFileSync(dbPath + suffix).toString('latin1');
      } catch {
        return '';
      }
    })
    .join('');
}
