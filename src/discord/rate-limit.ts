export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Per-user sliding window: at most `limit` questions in any `windowMs`. */
export class RateLimiter {
  private readonly recent = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a question for `userId` if the window allows it. */
  take(userId: string): RateDecision {
    const now = this.now();
    const since = now - this.windowMs;
    const times = (this.recent.get(userId) ?? []).filter((t) => t > since);
    if (times.length >= this.limit) {
      this.recent.set(userId, times);
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((times[0]! + this.windowMs - now) / 1000)) };
    }
    times.push(now);
    this.recent.set(userId, times);
    if (this.recent.size > 10_000) this.forgetIdle(since);
    return { allowed: true };
  }

  private forgetIdle(since: number): void {
    for (const [user, times] of this.recent) {
      if (times[times.length - 1]! <= since) this.recent.delete(user);
    }
  }
}
