/**
 * The one writer for the terminal: data and --json documents go to stdout, logs and
 * progress to stderr, so `router-eval report --json | jq` always gets clean JSON.
 */
export interface Output {
  readonly json: boolean;
  readonly quiet: boolean;
  /** A log line on stderr (silenced by --quiet). */
  log(line: string): void;
  /** A warning on stderr (never silenced: the user must see it). */
  warn(line: string): void;
  /** Human-readable result text on stdout. */
  print(text: string): void;
  /** One machine-readable document on stdout. */
  printJson(value: unknown): void;
}

export function createOutput(options: { json?: boolean; quiet?: boolean }): Output {
  const json = options.json ?? false;
  const quiet = options.quiet ?? false;
  return {
    json,
    quiet,
    log: (line) => {
      if (!quiet) process.stderr.write(`${line}\n`);
    },
    warn: (line) => process.stderr.write(`warning: ${line}\n`),
    print: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    printJson: (value) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
  };
}
