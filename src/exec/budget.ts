/**
 * The budget guard: a call is scheduled only when what is spent, plus the upper bound
 * of every call in flight, plus this call's upper bound stays within the maximum. When
 * it does not fit but calls are in flight, it waits for them (their real cost is
 * usually far below the bound); when nothing is in flight, the budget is reached.
 */
export class BudgetGuard {
  spentUsd = 0;
  reservedUsd = 0;
  reached = false;
  /** Calls holding a reservation (a count, because float sums of bounds never return exactly to 0). */
  private holders = 0;
  private waiters: (() => void)[] = [];

  constructor(readonly maxCostUsd: number | undefined) {}

  /** True when the call may go; false when the budget is reached or `cancelled()` turns true while waiting. */
  async reserve(boundUsd: number, cancelled: () => boolean): Promise<boolean> {
    for (;;) {
      if (this.reached || cancelled()) return false;
      if (this.maxCostUsd === undefined || this.spentUsd + this.reservedUsd + boundUsd <= this.maxCostUsd) {
        this.reservedUsd += boundUsd;
        this.holders += 1;
        return true;
      }
      if (this.holders === 0) {
        this.reached = true;
        this.wakeAll();
        return false;
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  release(boundUsd: number, actualUsd: number): void {
    this.holders -= 1;
    this.reservedUsd = this.holders === 0 ? 0 : Math.max(0, this.reservedUsd - boundUsd);
    this.spentUsd += actualUsd;
    this.wakeAll();
  }

  /** Lets waiters re-check (after an interrupt). */
  wakeAll(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
