/**
 * Undo and redo as snapshots of the design document. Documents are never mutated, so a snapshot
 * is just a reference. Steps that continue one gesture (a drag, typing in one field) share a
 * coalescing key and make a single undo step.
 */

export const DEFAULT_LIMIT = 200;
/** Typing pauses longer than this start a new undo step. */
export const COALESCE_MS = 1500;

export class History<T> {
  private past: T[] = [];
  private future: T[] = [];
  private lastKey: string | null = null;
  private lastTime = 0;

  constructor(
    public present: T,
    private readonly limit = DEFAULT_LIMIT,
  ) {}

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }

  get depth(): number {
    return this.past.length;
  }

  /**
   * Records a new state. With the same key as the previous commit (and within the window when
   * a time is given), it replaces the present instead of adding a step. Any redo is dropped.
   */
  commit(next: T, key: string | null = null, now = 0): void {
    if (next === this.present) return;
    const continues =
      key !== null && key === this.lastKey && (now === 0 || now - this.lastTime <= COALESCE_MS);
    if (!continues) {
      this.past.push(this.present);
      if (this.past.length > this.limit) this.past.shift();
    }
    this.present = next;
    this.future = [];
    this.lastKey = key;
    this.lastTime = now;
  }

  /** Ends the current gesture: the next commit is a new step even with the same key. */
  seal(): void {
    this.lastKey = null;
  }

  undo(): T {
    const previous = this.past.pop();
    if (previous !== undefined) {
      this.future.push(this.present);
      this.present = previous;
    }
    this.lastKey = null;
    return this.present;
  }

  redo(): T {
    const next = this.future.pop();
    if (next !== undefined) {
      this.past.push(this.present);
      this.present = next;
    }
    this.lastKey = null;
    return this.present;
  }

  /** Starts over from a state (a design reloaded from the server), with no undo behind it. */
  reset(state: T): void {
    this.past = [];
    this.future = [];
    this.present = state;
    this.lastKey = null;
  }
}
