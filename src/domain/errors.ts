/**
 * The few error classes the CLI's single handler maps to exit codes (DESIGN.md):
 * 0 success, 1 a gate tripped, 2 bad usage/config/input, 3 run incomplete, 130 interrupted.
 * Anything else that escapes is a bug and is printed with its stack.
 */
export const ExitCode = {
  ok: 0,
  gateTripped: 1,
  badInput: 2,
  incomplete: 3,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A user mistake or a condition the user must act on: printed as one line, no stack. */
export class RouterEvalError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad flags, a bad config file, unreadable or malformed input. */
export class InputError extends RouterEvalError {
  constructor(message: string) {
    super(message, ExitCode.badInput);
  }
}

/** The run stopped before finishing (budget reached, provider failures over tolerance). */
export class IncompleteRunError extends RouterEvalError {
  constructor(message: string) {
    super(message, ExitCode.incomplete);
  }
}

/** A quality or drift gate tripped; the report has already been written. */
export class GateTrippedError extends RouterEvalError {
  constructor(message: string) {
    super(message, ExitCode.gateTripped);
  }
}

/** SIGINT/SIGTERM: work was flushed and the process should exit 130. */
export class InterruptedError extends RouterEvalError {
  constructor(message: string) {
    super(message, ExitCode.interrupted);
  }
}
