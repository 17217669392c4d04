import cliProgress from 'cli-progress';
import type { ExecutorEvent } from '../exec/executor.js';

/** Where a stage reports its progress; one "task" per lane (or judge, or embedder). */
export interface ProgressSink {
  addTask(name: string, total: number, alreadyDone: number): void;
  record(name: string, entry: { ok: boolean; reused: boolean; costUsd?: number }): void;
  executorEvent(event: ExecutorEvent): void;
  /** A log line that must not tear the bars. */
  log(line: string): void;
  stop(): void;
}

export type ProgressMode = 'bars' | 'lines' | 'silent';

/** Bars on a TTY; plain lines in CI or when stderr is not a terminal; nothing with --quiet. */
export function progressMode(options: { quiet?: boolean; ci?: boolean; isTTY?: boolean; env?: NodeJS.ProcessEnv }): ProgressMode {
  if (options.quiet) return 'silent';
  const ci = options.ci || /^(1|true)$/i.test(options.env?.CI ?? '');
  return options.isTTY && !ci ? 'bars' : 'lines';
}

interface TaskState {
  total: number;
  done: number;
  doneAtStart: number;
  errors: number;
  reused: number;
  spendUsd: number;
  started: number;
  waitingUntil: number;
  waitReason: string;
  bar?: cliProgress.SingleBar;
}

export function createProgress(options: { mode: ProgressMode; intervalMs?: number; stream?: NodeJS.WritableStream }): ProgressSink {
  const stream = options.stream ?? process.stderr;
  const tasks = new Map<string, TaskState>();
  const multibar =
    options.mode === 'bars'
      ? new cliProgress.MultiBar(
          {
            stream: stream as NodeJS.WriteStream,
            format: '{name} |{bar}| {value}/{total} {rate}/s ETA {etaText} {spend} err {errors}{waiting}',
            hideCursor: true,
            clearOnComplete: false,
            stopOnComplete: false,
            etaBuffer: 50,
          },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
  let timer: NodeJS.Timeout | undefined;

  const payload = (name: string, task: TaskState): Record<string, string | number> => {
    const { rate, eta } = speed(task);
    return {
      name: name.padEnd(10),
      rate: rate.toFixed(1),
      etaText: eta === undefined ? '-' : formatSeconds(eta),
      spend: `$${task.spendUsd.toFixed(4)}`,
      errors: task.errors,
      waiting: waitingText(task),
    };
  };

  const printLines = (): void => {
    for (const [name, task] of tasks) {
      const { rate, eta } = speed(task);
      const pct = task.total ? Math.floor((100 * task.done) / task.total) : 100;
      stream.write(
        `replay: ${name} ${task.done}/${task.total} (${pct}%) ${rate.toFixed(1)} calls/s ETA ${eta === undefined ? '-' : formatSeconds(eta)} ` +
          `$${task.spendUsd.toFixed(4)} errors ${task.errors} reused ${task.reused}${waitingText(task)}\n`,
      );
    }
  };

  if (options.mode === 'lines') {
    timer = setInterval(printLines, options.intervalMs ?? 5000);
    timer.unref();
  }

  return {
    addTask(name, total, alreadyDone) {
      const task: TaskState = {
        total,
        done: alreadyDone,
        doneAtStart: alreadyDone,
        errors: 0,
        reused: 0,
        spendUsd: 0,
        started: Date.now(),
        waitingUntil: 0,
        waitReason: '',
      };
      tasks.set(name, task);
      task.bar = multibar?.create(total, alreadyDone, payload(name, task));
    },
    record(name, entry) {
      const task = tasks.get(name);
      if (!task) return;
      task.done += 1;
      if (!entry.ok) task.errors += 1;
      if (entry.reused) task.reused += 1;
      else task.spendUsd += entry.costUsd ?? 0;
      task.bar?.update(task.done, payload(name, task));
    },
    executorEvent(event) {
      if (event.type !== 'waiting') return;
      const task = tasks.get(event.pool);
      if (!task) return;
      task.waitingUntil = Math.max(task.waitingUntil, event.untilMs);
      task.waitReason = event.reason;
      task.bar?.update(task.done, payload(event.pool, task));
    },
    log(line) {
      if (multibar) multibar.log(`${line}\n`);
      else if (options.mode !== 'silent') stream.write(`${line}\n`);
    },
    stop() {
      if (timer) clearInterval(timer);
      if (options.mode === 'lines' && tasks.size) printLines();
      multibar?.stop();
    },
  };
}

function speed(task: TaskState): { rate: number; eta?: number } {
  const seconds = (Date.now() - task.started) / 1000;
  const rate = seconds > 0 ? (task.done - task.doneAtStart) / seconds : 0;
  const left = task.total - task.done;
  return { rate, eta: left === 0 ? 0 : rate > 0 ? left / rate : undefined };
}

function waitingText(task: TaskState): string {
  const left = task.waitingUntil - Date.now();
  return left > 0 ? ` waiting on ${task.waitReason.replace('_', ' ')} ${formatSeconds(left / 1000)}` : '';
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes}m${String(Math.round(seconds % 60)).padStart(2, '0')}s` : `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
