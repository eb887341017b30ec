/**
 * The stimulus grammar's error, in a module of its own: code that only needs to recognise it (stimulus.ts, the
 * stimulus editor) does not pull the grammar into a page's build.
 */

/** A parse error: one line that says what was expected, and the 1-based column it points at. */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
  constructor(
    message: string,
    /** 1-based; source.length + 1 when the input ended too early. */
    readonly column: number,
    /** How many characters to highlight from `column` (0 at the end of the input). */
    readonly length: number,
  ) {
    super(message);
  }
}
