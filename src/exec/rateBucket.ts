/**
 * A token bucket refilled continuously. `capacity` bounds the burst; a take larger than
 * the capacity waits for a full bucket and leaves it in debt, so one big request is
 * never blocked forever and the average rate still holds. `adjust` corrects an
 * estimate once the real amount is known.
 */
export class RateBucket {
  private level: number;
  private last: number;

  constructor(
    readonly capacity: number,
    /** Units refilled per millisecond. */
    readonly perMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.level = capacity;
    this.last = now();
  }

  /** Per-minute limit with one second's worth of burst (at least one unit). */
  static perMinute(limit: number, now?: () => number): RateBucket {
    return new RateBucket(Math.max(1, limit / 60), limit / 60_000, now);
  }

  /** Milliseconds until `amount` may be taken; 0 when it may be taken now. */
  waitMs(amount: number): number {
    this.refill();
    const needed = Math.min(amount, this.capacity);
    return this.level >= needed ? 0 : Math.ceil((needed - this.level) / this.perMs);
  }

  take(amount: number): void {
    this.refill();
    this.level -= amount;
  }

  /** Gives back (positive) or charges (negative) units after the fact. */
  adjust(delta: number): void {
    this.refill();
    this.level = Math.min(this.capacity, this.level + delta);
  }

  private refill(): void {
    const now = this.now();
    this.level = Math.min(this.capacity, this.level + (now - this.last) * this.perMs);
    this.last = now;
  }
}
