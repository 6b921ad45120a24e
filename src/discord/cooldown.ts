/**
 * Per-user cooldown between slash commands, so one member cannot flood the bot. In memory: a
 * restart forgets it, which only ever lets someone in early.
 */
export class Cooldown {
  private readonly lastUse = new Map<string, number>();

  constructor(
    readonly seconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** 0 when the user may go now (and the use is recorded), else the whole seconds left to wait. */
  take(userId: string): number {
    if (this.seconds <= 0) return 0;
    const windowMs = this.seconds * 1000;
    const t = this.now();
    const previous = this.lastUse.get(userId);
    if (previous !== undefined && t - previous < windowMs)
      return Math.max(1, Math.ceil((windowMs - (t - previous)) / 1000));
    this.lastUse.set(userId, t);
    if (this.lastUse.size > 10_000) this.sweep(t, windowMs);
    return 0;
  }

  private sweep(t: number, windowMs: number): void {
    for (const [user, at] of this.lastUse) if (t - at >= windowMs) this.lastUse.delete(user);
  }
}
