import { CodeMarks } from '@balanced-scorecard/shared';

/** The stamp is private; the tests move it to the edge of the Int32 range instead of clearing 2³¹ times. */
const setStamp = (marks: CodeMarks, stamp: number) => ((marks as unknown as { stamp: number }).stamp = stamp);

describe('a reusable set of contact codes', () => {
  it('holds what was marked until it is cleared, and grows for larger codes', () => {
    const marks = new CodeMarks();
    marks.clear(3);
    marks.mark(0);
    marks.mark(2);
    expect([0, 1, 2].map((c) => marks.has(c))).toEqual([true, false, true]);
    marks.clear(10);
    expect([0, 1, 2, 9].map((c) => marks.has(c))).toEqual([false, false, false, false]);
    marks.mark(9);
    expect(marks.has(9)).toBe(true);
  });

  it('starts over cleanly when the stamp reaches the top of its range: marks from long ago never come back', () => {
    const marks = new CodeMarks();
    setStamp(marks, 0);
    marks.clear(4);
    marks.mark(2); // stamped 1
    setStamp(marks, 0x7ffffffd);
    marks.clear(4);
    marks.mark(1);
    expect(marks.has(1)).toBe(true);
    marks.clear(4); // the stamp wraps to 1: code 2's old stamp must not count again
    expect([0, 1, 2, 3].map((c) => marks.has(c))).toEqual([false, false, false, false]);
    for (let round = 0; round < 3; round++) {
      marks.mark(3);
      expect(marks.has(3)).toBe(true);
      marks.clear(4);
      expect(marks.has(3)).toBe(false);
    }
  });
});
