/**
 * Working space of one computation, created by prepareRun and handed to every measure through its
 * context, so that no buffer outlives a run or is shared between two (the engine keeps no mutable
 * state at module level). Buffers grow as a seller needs and are reused from seller to seller.
 */
export interface Scratch {
  /** Per-period tallies of counts and sums (slot 0: before the first period). */
  tallyCount: Float64Array;
  tallySum: Float64Array;
  /** Contact codes touched in a window. */
  touched: CodeMarks;
  /** Contact codes counted by a distinct count. */
  distinct: CodeMarks;
}

export function createScratch(): Scratch {
  return { tallyCount: new Float64Array(8), tallySum: new Float64Array(8), touched: new CodeMarks(), distinct: new CodeMarks() };
}

/**
 * A set of small integer codes (contact codes) in one array reused from call to call: clearing
 * it moves to a fresh stamp instead of allocating or zeroing.
 */
export class CodeMarks {
  private marks = new Int32Array(0);
  private stamp = 0;

  /** Empties the set, for codes below `size`. */
  clear(size: number): void {
    // Stryker disable next-line EqualityOperator,ArithmeticOperator: equivalent — they change how often the buffer is reallocated, not what it holds
    if (this.marks.length < size) this.marks = new Int32Array(Math.max(size, this.marks.length * 2));
    // Stryker disable next-line ConditionalExpression,EqualityOperator,UpdateOperator: equivalent — zeroing on every clear, or counting down, holds the same codes (only slower or later); the wrap is tested
    if (++this.stamp === 0x7fffffff) {
      this.marks.fill(0);
      this.stamp = 1;
    }
  }

  mark(code: number): void {
    this.marks[code] = this.stamp;
  }

  has(code: number): boolean {
    return this.marks[code] === this.stamp;
  }
}
