// The engine evaluates with its reproducible elementary functions (engine/math/deterministic.ts); so does the reference.
import * as D from '../../engine/math/deterministic.ts';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adjacentDouble,
  ExpressionError,
  functionNames,
  parseExpression,
  type BinaryOp,
  type ExprNode,
  type FunctionName,
} from '../../engine/stimuli/expression.ts';
import { printExpression } from '../../engine/stimuli/expression-print.ts';

/** The three examples from the course notes and the notebook students know. */
const WINDOW = '(t > 10 and t < 13) * 7.04';
const RAMP = '0.075 * (t - 30) * (t > 30)';
const SINE = '5 * sin(2*pi*t/100)';
const NOTEBOOK = 'int(t>100*ms)*10';

/** Exact where the answer is not finite (Object.is, so NaN equals NaN); to 12 digits otherwise. */
function expectValue(actual: number, expected: number): void {
  if (Number.isFinite(expected)) expect(actual).toBeCloseTo(expected, 12);
  else expect(actual).toBe(expected);
}

describe('values', () => {
  // [what, source, t, I(t)]
  it.each<[string, string, number, number]>([
    ['window, before it', WINDOW, 5, 0],
    ['window, at its onset: t > 10 is still false', WINDOW, 10, 0],
    ['window, inside', WINDOW, 11.5, 7.04],
    ['window, at its end: t < 13 is already false', WINDOW, 13, 0],
    ['window, after it', WINDOW, 20, 0],
    ['ramp, before onset', RAMP, 0, 0],
    ['ramp, at onset', RAMP, 30, 0],
    ['ramp, 10 ms in', RAMP, 40, 0.75],
    ['ramp, 100 ms in', RAMP, 130, 7.5],
    ['sine at 0', SINE, 0, 0],
    ['sine at a quarter period', SINE, 25, 5],
    ['sine at three quarters', SINE, 75, -5],
    ['sine after one period', SINE, 100, 0],
    ['notebook step, before', NOTEBOOK, 50, 0],
    ['notebook step, at 100 ms: t > 100 is false', NOTEBOOK, 100, 0],
    ['notebook step, after', NOTEBOOK, 100.5, 10],
    // Precedence (Python's, with ^ for **).
    ['^ binds tighter than unary minus', '-2^2', 0, -4],
    ['^ is right-associative', '2^3^2', 0, 512],
    ['the exponent may carry a sign', '2^-1', 0, 0.5],
    ['signs on both sides of ^', '-2^-2', 0, -0.25],
    ['* before +', '1+2*3', 0, 7],
    ['parentheses first', '(1+2)*3', 0, 9],
    ['- is left-associative', '10-4-3', 0, 3],
    ['/ is left-associative', '64/4/2', 0, 8],
    ['-t^2 is -(t^2)', '-t^2', 3, -9],
    ['2*t^2 is 2*(t^2)', '2*t^2', 3, 18],
    ['unary plus changes nothing', '+t', 4, 4],
    ['double minus', '- -t', 4, 4],
    ['arithmetic before comparison', '1 + 2 > 2', 0, 1],
    ['not is looser than a comparison: not (t > 5), t = 3', 'not t > 5', 3, 1],
    ['not is looser than a comparison: not (t > 5), t = 7', 'not t > 5', 7, 0],
    ['not is tighter than and: (not 0) and 0', 'not 0 and 0', 0, 0],
    ['parenthesised: not (0 and 0)', 'not (0 and 0)', 0, 1],
    ['and is tighter than or: 1 or (0 and 0)', '1 or 0 and 0', 0, 1],
    ['parenthesised: (1 or 0) and 0', '(1 or 0) and 0', 0, 0],
    ['or gives 1, not its operand as Python would', '0 or 2', 0, 1],
    ['not not of a nonzero value', 'not not 3', 0, 1],
    // Comparisons.
    ['< at equality', 't < 3', 3, 0],
    ['<= at equality', 't <= 3', 3, 1],
    ['>= at equality', 't >= 3', 3, 1],
    ['== at equality', 't == 3', 3, 1],
    ['!= at equality', 't != 3', 3, 0],
    ['!= elsewhere', 't != 3', 4, 1],
    // Functions.
    ['sin', 'sin(pi/2)', 0, 1],
    ['cos', 'cos(0)', 0, 1],
    ['tan', 'tan(pi/4)', 0, 1],
    ['exp', 'exp(1)', 0, Math.E],
    ['log is natural', 'log(e)', 0, 1],
    ['sqrt', 'sqrt(16)', 0, 4],
    ['abs', 'abs(-3)', 0, 3],
    ['floor rounds down', 'floor(-2.5)', 0, -3],
    ['ceil rounds up', 'ceil(-2.5)', 0, -2],
    ['int truncates toward 0, negative', 'int(-2.5)', 0, -2],
    ['int truncates toward 0, positive', 'int(2.7)', 0, 2],
    ['sign of a negative', 'sign(-4)', 0, -1],
    ['sign of 0', 'sign(0)', 0, 0],
    ['heaviside is 1 at 0', 'heaviside(0)', 0, 1],
    ['heaviside below 0', 'heaviside(-0.1)', 0, 0],
    ['min of three', 'min(3, 1, 2)', 0, 1],
    ['max of three', 'max(3, 1, 2)', 0, 3],
    ['functions nest', 'max(0, sin(t))', 3 * Math.PI / 2, 0],
    // Constants.
    ['pi', 'pi', 0, Math.PI],
    ['e', 'e', 0, Math.E],
    ['ms is 1 because t is in ms', '100*ms', 0, 100],
    ['s is 1000 ms', 't > 0.1*s', 150, 1],
    // Number syntax.
    ['leading dot', '.5', 0, 0.5],
    ['trailing dot', '5.', 0, 5],
    ['negative exponent', '1e-3', 0, 0.001],
    ['capital E with a sign', '2.5E+2', 0, 250],
    ['dot then exponent', '5.e1', 0, 50],
    // Whitespace anywhere.
    ['tabs and newlines', ' \t( t\n>10 )*2 ', 11, 2],
    // Division by zero: the simulator reports non-finite input.
    ['1/0', '1/0', 0, Infinity],
    ['-1/0', '-1/0', 0, -Infinity],
    ['0/0', '0/0', 0, NaN],
    ['NaN is true, as in Python', '0/0 and 1', 0, 1],
    ['comparisons with NaN are false', '0/0 > 0', 0, 0],
    ['^ of a negative base to a fractional power', '(-8)^(1/3)', 0, NaN],
  ])('%s: %j at t = %d', (_what, source, t, expected) => {
    expectValue(parseExpression(source).evaluate(t), expected);
  });
});

describe('one-sided limits', () => {
  // [what, source, t, I(t), I(t⁻), I(t⁺)]
  it.each<[string, string, number, number, number, number]>([
    ['t > 10 switches on just after 10', 't > 10', 10, 0, 0, 1],
    ['t >= 10 is 0 from the left', 't >= 10', 10, 1, 0, 1],
    ['t < 13 is 1 from the left', 't < 13', 13, 0, 1, 0],
    ['t <= 13 is 1 from the left', 't <= 13', 13, 1, 1, 0],
    ['window onset', WINDOW, 10, 0, 0, 7.04],
    ['window end', WINDOW, 13, 0, 7.04, 0],
    ['inside the window all three agree', WINDOW, 11, 7.04, 7.04, 7.04],
    ['ramp onset: continuous', RAMP, 30, 0, 0, 0],
    ['ramp, away from the onset', RAMP, 40, 0.75, 0.75, 0.75],
    ['notebook step at 100 ms', NOTEBOOK, 100, 0, 0, 10],
    ['sine: continuous everywhere', SINE, 25, 5, 5, 5],
    ['a decreasing side: -t > -10 is true just before 10', '-t > -10', 10, 0, 1, 0],
    ['floor jumps at 20', 'floor(t/10)', 20, 2, 1, 2],
    ['sign of t - 5 at its root', 'sign(t - 5)', 5, 0, -1, 1],
    ['heaviside of a decreasing argument', 'heaviside(5 - t)', 5, 1, 1, 0],
    ['== is an isolated point', 't == 10', 10, 1, 0, 0],
    ['not of a t-dependent value', 'not (t - 5)', 5, 1, 0, 0],
    ['continuous factors read t itself', 't * (t > 10)', 10, 0, 0, 10],
    ['a comparison free of t is the same from both sides', '(2 > 1) * t', 5, 5, 5, 5],
    ['a crossing between two doubles: 0.1*3 > 0.3 in doubles', '0.1 * t > 0.3', 3, 1, 0, 1],
  ])('%s: %s at t = %d', (_what, source, t, value, before, after) => {
    const expression = parseExpression(source);
    expectValue(expression.evaluate(t), value);
    expectValue(expression.evaluateBefore(t), before);
    expectValue(expression.evaluateAfter(t), after);
  });
});

describe('breakpoints', () => {
  // [what, source, breakpoints]
  it.each<[string, string, number[]]>([
    ['window: onset and end', WINDOW, [10, 13]],
    ['ramp: onset', RAMP, [30]],
    ['sine: none', SINE, []],
    ['notebook step', NOTEBOOK, [100]],
    ['a crossing between doubles is reported as the shorter decimal', '0.1*t > 0.3', [3]],
    ['a decreasing side', '-t > -10', [10]],
    ['an affine comparison with t on both sides: 2t = 3t - 30', 't * 2 > (t - 10) * 3', [30]],
    ['t-free parts are folded: 5 > t/2 - 3', '5 > t/2 - 3', [16]],
    ['repeated times listed once', 't > 5 or t >= 5', [5]],
    ['sorted across the tree', 'int(t > 50) * (t < 20)', [20, 50]],
    ['a comparison nested in another', '(t > 30) > 0.5', [30]],
    ['inside a function', 'sin(t > 5)', [5]],
    ['sign of an affine argument', 'sign(2*t - 3)', [1.5]],
    ['heaviside of an affine argument', 'heaviside(t - 4)', [4]],
    ['abs: its kink', 'abs(t - 7)', [7]],
    ['min and max: where arguments cross', 'min(t, 20) + max(t - 5, 0)', [5, 20]],
    ['floor: not listed (a jump at every integer)', 'floor(t / 10)', []],
    ['a non-affine side: not listed', 'sin(t) > 0.5', []],
    ['a square: not affine', 't^2 > 4', []],
    ['parallel sides never cross', 't > t + 1', []],
    ['no t at all', '2 > 1', []],
    ['a non-finite side is not affine', 't < 1/0', []],
    ['negative times are kept; the caller filters', 't > -5', [-5]],
  ])('%s: %s', (_what, source, expected) => {
    expect(parseExpression(source).breakpoints()).toEqual(expected);
  });

  it('returns a fresh array each time', () => {
    const expression = parseExpression(WINDOW);
    expression.breakpoints().push(99);
    expect(expression.breakpoints()).toEqual([10, 13]);
  });

  it('puts every jump of a window with decimal edges where the simulator sees it', () => {
    // The window edges are decimals such as 10.3 that have no exact double; the property is what the
    // simulator relies on: at each breakpoint the left and right limits differ.
    const edge = fc.integer({ min: 0, max: 100_000 }).map((k) => k / 10);
    fc.assert(
      fc.property(edge, edge, fc.integer({ min: 1, max: 1000 }), (a, b, amplitude) => {
        fc.pre(a < b);
        const expression = parseExpression(`(t > ${a} and t < ${b}) * ${amplitude / 100}`);
        expect(expression.breakpoints()).toEqual([a, b]);
        for (const time of [a, b]) expect(expression.evaluateBefore(time)).not.toBe(expression.evaluateAfter(time));
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it('snaps the root of any affine comparison onto the double where it flips', () => {
    // p·t + q > r with two-decimal coefficients: the solved root can miss by an ulp or two.
    const coefficient = fc.integer({ min: -10_000, max: 10_000 }).map((k) => k / 100);
    fc.assert(
      fc.property(coefficient, coefficient, coefficient, (p, q, r) => {
        fc.pre(p !== 0);
        const expression = parseExpression(`${p} * t + ${q} > ${r}`);
        const [time, ...rest] = expression.breakpoints();
        expect(rest).toEqual([]);
        expect(time).toBeCloseTo((r - q) / p, 9);
        expect(expression.evaluateBefore(time!)).not.toBe(expression.evaluateAfter(time!));
      }),
      { seed: 42, numRuns: 500 },
    );
  });
});

describe('adjacent doubles', () => {
  const MAX_LOW_WORD = 1 + (2 ** 32 - 1) * 2 ** -52; // low 32 bits of the significand all ones
  // [what, x, direction, the neighbouring double]
  it.each<[string, number, 1 | -1, number]>([
    ['above 10', 10, 1, 10 + 2 ** -49],
    ['below 10', 10, -1, 10 - 2 ** -49],
    ['below a power of two the spacing halves', 2, -1, 2 - 2 ** -52],
    ['above -10 (toward zero)', -10, 1, -10 + 2 ** -49],
    ['below 0', 0, -1, -Number.MIN_VALUE],
    ['above 0', 0, 1, Number.MIN_VALUE],
    ['the low word carries into the high word', MAX_LOW_WORD, 1, MAX_LOW_WORD + 2 ** -52],
    ['and borrows back', MAX_LOW_WORD + 2 ** -52, -1, MAX_LOW_WORD],
    ['past the largest double', Number.MAX_VALUE, 1, Infinity],
    ['below Infinity', Infinity, -1, Number.MAX_VALUE],
    ['NaN stays NaN', NaN, 1, NaN],
  ])('%s', (_what, x, direction, expected) => {
    expect(adjacentDouble(x, direction)).toBe(expected);
  });
});

describe('printing', () => {
  // [source, canonical form]
  it.each<[string, string]>([
    [WINDOW, '(t > 10 and t < 13) * 7.04'], // already canonical
    [SINE, '5 * sin(2 * pi * t / 100)'], // spaces around binary operators
    [NOTEBOOK, 'int(t > 100 * ms) * 10'],
    ['((t))', 't'], // redundant parentheses dropped
    ['-(2^2)', '-2^2'], // ^ binds tighter than unary minus
    ['(-2)^2', '(-2)^2'], // ...so this pair stays
    ['2^(3^2)', '2^3^2'], // right-associative
    ['(2^3)^2', '(2^3)^2'],
    ['2^(-t)', '2^-t'], // the exponent may carry a sign
    ['(10 - t) - 3', '10 - t - 3'], // left-associative
    ['10 - (t - 3)', '10 - (t - 3)'],
    ['t / (2 * 3)', 't / (2 * 3)'],
    ['t*(-1)', 't * -1'],
    ['- (- t)', '--t'], // no space: -- is not a token
    ['not (t > 5)', 'not t > 5'], // not is looser than comparisons
    ['(not t) > 5', '(not t) > 5'],
    ['(t > 1) == (t < 3)', '(t > 1) == (t < 3)'], // comparisons do not chain
    ['not not t', 'not not t'],
    ['t or (1 and 0)', 't or 1 and 0'], // and is tighter than or
    ['(t or 1) and 0', '(t or 1) and 0'],
    ['t and (t and t)', 't and (t and t)'], // keeps the tree's shape
    ['+t', 't'], // unary plus leaves no node
    ['.5', '0.5'],
    ['1E3', '1000'],
    ['2.5e-7', '2.5e-7'],
    ['1e21', '1e+21'], // String(1e21), which reads back the same
    ['min( t,1 ,2)', 'min(t, 1, 2)'],
  ])('%s prints as %s', (source, printed) => {
    const expression = parseExpression(source);
    expect(expression.print()).toBe(printed);
    expect(parseExpression(printed).ast).toStrictEqual(expression.ast);
  });
});

describe('errors', () => {
  const deepParentheses = `${'('.repeat(100)}t${')'.repeat(100)}`;
  const deepCalls = `${'sin('.repeat(60)}t${')'.repeat(60)}`;
  const long = `t${' + t'.repeat(150)}`; // 601 characters

  // [what, source, column, fragment of the message]
  it.each<[string, string, number, string]>([
    ['missing right operand', '2 +', 4, "expected a number, t, a name or '(' at column 4 after '+'"],
    ['unclosed parenthesis', '(t > 10', 8, "to close the '(' at column 1"],
    ['unmatched closing parenthesis', 't > 10)', 7, "unmatched ')'"],
    ['unclosed call', 'sin(t', 6, "expected an operator or ')' at column 6 to close the '(' at column 4"],
    ['no argument', 'sin()', 1, 'sin at column 1 takes exactly 1 argument, got 0'],
    ['two arguments', 'sin(t, 1)', 1, 'got 2'],
    ['min needs two', 'min(t)', 1, 'at least 2 arguments'],
    ['unknown function', 'foo(t)', 1, "unknown function 'foo' at column 1; functions are sin"],
    ['a typo of a function', '5 * sine(t)', 5, "unknown function 'sine' at column 5; did you mean sin?"],
    ['a longer word for a function', 'cosine(t)', 1, 'did you mean cos?'],
    ['a constant in capitals', '2 * PI * t', 5, "unknown name 'PI' at column 5; did you mean pi?"],
    ['another variable', 'x + 1', 1, 'the variable is t'],
    ['two values in a row', 't t', 3, 'expected an operator at column 3'],
    ['a unit glued to a number', '100ms', 4, 'write * to multiply'],
    ['a chained comparison', '1 < t < 3', 7, 'comparisons cannot be chained at column 7; write 1 < t and t < 3'],
    ['&& alone', '&&', 1, "write 'and'"],
    ['&&', 't > 1 && t < 3', 7, "write 'and'"],
    ['||', 't < 1 || t > 3', 7, "write 'or'"],
    ['!', '!(t > 1)', 1, "write 'not'"],
    ['**', 't ** 2', 3, "write '^' for powers"],
    ['= for comparison', 't = 1', 3, "write '=='"],
    ['%', 't % 2', 3, 'no remainder operator'],
    ['not inside arithmetic', '2 * not t', 5, 'write (not ...)'],
    ['a function without its call', 'sin t', 1, 'write sin(...)'],
    ['t called as a function', 't(2)', 1, 't at column 1 is not a function'],
    ['a trailing comma', 'max(t, )', 8, "found ')'"],
    ['a comma outside a call', 't, 1', 2, 'outside a function call'],
    ['a keyword as an operand', 'and t', 1, "found 'and'"],
    ['empty input', '', 1, 'found the end of the input'],
    ['only spaces', '   ', 4, 'found the end of the input'],
    ['JavaScript: constructor', 'constructor', 1, "unknown name 'constructor' at column 1"],
    ['JavaScript: __proto__', '__proto__', 1, "unknown name '__proto__' at column 1"],
    ['JavaScript: this', 'this', 1, "unknown name 'this' at column 1"],
    ['JavaScript: alert(1)', 'alert(1)', 1, "unknown function 'alert' at column 1"],
    ['JavaScript: process.exit()', 'process.exit()', 1, "unknown name 'process' at column 1"],
    ['JavaScript: property access', 't.constructor', 2, 'no properties or methods'],
    ['JavaScript: an array', '[1]', 1, "'[' at column 1 is not allowed"],
    ['JavaScript: a string', '"x"', 1, 'no text in quotes'],
    ['JavaScript: a template', '`x`', 1, 'no text in quotes'],
    ['JavaScript: an arrow function', 't => t', 3, "write '=='"],
    ['JavaScript: two statements', 't; alert(1)', 2, 'a single formula'],
    ['JavaScript: toString', 'toString(t)', 1, "unknown function 'toString'"],
    ['a character outside the grammar', 't + 😀', 5, "unexpected character '😀' at column 5"],
    ['a control character is shown as its code', 't\u0085', 2, 'U+0085'],
    ['an infinite literal', '1e999', 1, 'number 1e999 at column 1 is too large'],
    ['an infinite literal later on', '2 * 1e999', 5, 'too large'],
    ['too long', long, 501, 'at most 500 characters, got 601'],
    ['100 nested parentheses', deepParentheses, 51, 'too deeply nested at column 51'],
    ['60 nested calls: the 51st opens at column 204', deepCalls, 204, 'at most 50 levels'],
  ])('%s', (_what, source, column, fragment) => {
    let error: unknown;
    try {
      parseExpression(source);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ExpressionError);
    const { message, column: actual } = error as ExpressionError;
    expect(actual).toBe(column);
    expect(message).toContain(fragment);
    expect(message).toContain(`column ${column}`);
    expect(message).not.toMatch(/[\n\r\u2028\u2029]/);
  });

  it('is an Error with a name, a column and a length', () => {
    const error = new ExpressionError('x at column 3', 3, 2);
    expect(error).toBeInstanceOf(Error);
    expect([error.name, error.column, error.length]).toEqual(['ExpressionError', 3, 2]);
  });

  it('accepts the longest and deepest inputs allowed', () => {
    expect(parseExpression(`t${' + t'.repeat(124)}   `).evaluate(1)).toBe(125); // 500 characters
    expect(parseExpression(`${'('.repeat(50)}t${')'.repeat(50)}`).evaluate(2)).toBe(2);
  });
});

// ---------------------------------------------------------------------------------------------------
// Properties

const binaryOps: readonly BinaryOp[] = ['+', '-', '*', '/', '^', '<', '<=', '>', '>=', '==', '!=', 'and', 'or'];
const variadic = (name: FunctionName) => name === 'min' || name === 'max';

/** Random ASTs of the shapes the parser makes: no negative literals, valid arities, short enough to print. */
const astArbitrary: fc.Arbitrary<ExprNode> = fc
  .letrec<{ node: ExprNode }>((tie) => ({
    node: fc.oneof(
      { maxDepth: 5, depthIdentifier: 'ast' },
      fc.oneof(
        fc.constant<ExprNode>({ type: 'variable', name: 't' }),
        fc.constantFrom<ExprNode>(...(['pi', 'e', 'ms', 's'] as const).map((name) => ({ type: 'constant' as const, name }))),
        fc
          .oneof(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: Number.MAX_VALUE, noNaN: true, noDefaultInfinity: true }))
          .map((value): ExprNode => ({ type: 'number', value })),
      ),
      fc.tuple(fc.constantFrom('-' as const, 'not' as const), tie('node')).map(([op, arg]): ExprNode => ({ type: 'unary', op, arg })),
      fc
        .tuple(fc.constantFrom(...binaryOps), tie('node'), tie('node'))
        .map(([op, left, right]): ExprNode => ({ type: 'binary', op, left, right })),
      fc.constantFrom(...functionNames).chain((name) =>
        fc
          .array(tie('node'), variadic(name) ? { minLength: 2, maxLength: 3 } : { minLength: 1, maxLength: 1 })
          .map((args): ExprNode => ({ type: 'call', name, args })),
      ),
    ),
  }))
  .node.filter((node) => printExpression(node).length <= 500);

/** Times that matter: ordinary ones, the example edges, and anything a double can be. */
const timeArbitrary = fc.oneof(
  fc.double({ min: -1000, max: 1000, noNaN: true }),
  fc.constantFrom(0, 10, 13, 30, 100),
  fc.double(),
);

/**
 * The semantics written out plainly. `near` is where jumps read their operands (t for the value,
 * the neighbouring double for the one-sided limits), as documented on Expression.evaluateBefore.
 */
function reference(node: ExprNode, t: number, near: number = t): number {
  const value = (child: ExprNode) => reference(child, t, near);
  const jump = (child: ExprNode) => reference(child, near, near);
  switch (node.type) {
    case 'number':
      return node.value;
    case 'variable':
      return t;
    case 'constant':
      return { pi: Math.PI, e: Math.E, ms: 1, s: 1000 }[node.name];
    case 'unary':
      return node.op === '-' ? -value(node.arg) : bool(jump(node.arg) === 0);
    case 'binary':
      return referenceBinary(node.op, () => value(node.left), () => value(node.right), jump(node.left), jump(node.right));
    case 'call':
      return referenceCall(node.name, node.args.map(value), node.args.map(jump));
  }
}

function bool(b: boolean): number {
  return b ? 1 : 0;
}

/** `a`, `b`: the operands read at t (for arithmetic); `x`, `y`: read at near (for jumps). */
function referenceBinary(op: BinaryOp, a: () => number, b: () => number, x: number, y: number): number {
  switch (op) {
    case '+': return a() + b();
    case '-': return a() - b();
    case '*': return a() * b();
    case '/': return a() / b();
    case '^': return D.pow(a(), b());
    case '<': return bool(x < y);
    case '<=': return bool(x <= y);
    case '>': return bool(x > y);
    case '>=': return bool(x >= y);
    case '==': return bool(x === y);
    case '!=': return bool(x !== y);
    case 'and': return bool(x !== 0 && y !== 0);
    case 'or': return bool(x !== 0 || y !== 0);
  }
}

/** `args` read at t (continuous functions), `near` read at near (functions that jump). */
function referenceCall(name: FunctionName, args: number[], near: number[]): number {
  const [x = NaN] = args;
  const [y = NaN] = near;
  switch (name) {
    case 'sin': return D.sin(x);
    case 'cos': return D.cos(x);
    case 'tan': return D.tan(x);
    case 'exp': return D.exp(x);
    case 'log': return D.log(x);
    case 'sqrt': return Math.sqrt(x);
    case 'abs': return Math.abs(x);
    case 'floor': return Math.floor(y);
    case 'ceil': return Math.ceil(y);
    case 'int': return Math.trunc(y) + 0;
    case 'sign': return Math.sign(y);
    case 'heaviside': return bool(y >= 0);
    case 'min': return Math.min(...args);
    case 'max': return Math.max(...args);
  }
}

describe('properties', () => {
  /** Pieces of the grammar and of near misses, so random strings get deep into the parser. */
  const grammarPiece = fc.constantFrom(
    't', '1', '0.5', '.', 'e', '1e', 'E', '+', '-', '*', '/', '^', '(', ')', ',', '<', '<=', '>', '>=', '==', '!=', '=', '!',
    '&', '|', ' ', ' ', 'sin', 'min', 'int', 'not', 'and', 'or', 'pi', 'ms', 's', 'x', '1e999', '"', '[', '😀', '\u0085',
  );
  const grammarString = fc.array(grammarPiece, { maxLength: 200 }).map((pieces) => pieces.join(''));

  it.each<[string, fc.Arbitrary<string>]>([
    ['any string', fc.string({ maxLength: 100 })],
    ['any UTF-16 string, lone surrogates included', fc.string({ unit: 'binary', maxLength: 100 })],
    ['strings from the grammar alphabet', grammarString],
  ])('parses %s or throws an ExpressionError pointing into it', (_what, strings) => {
    fc.assert(
      fc.property(strings, (source) => {
        try {
          parseExpression(source);
        } catch (error) {
          if (!(error instanceof ExpressionError)) throw error;
          expect(error.column).toBeGreaterThanOrEqual(1);
          expect(error.column + error.length).toBeLessThanOrEqual(source.length + 1);
          expect(error.message).toContain(`column ${error.column}`);
          expect(error.message).not.toMatch(/[\n\r\u2028\u2029]/);
        }
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it('prints any AST so that it parses back to the same AST, and printing is a fixed point', () => {
    fc.assert(
      fc.property(astArbitrary, (ast) => {
        const printed = printExpression(ast);
        const reparsed = parseExpression(printed);
        expect(reparsed.ast).toStrictEqual(ast);
        expect(reparsed.print()).toBe(printed);
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it('evaluates as the plain reference interpreter does, NaN and signed zeros included', () => {
    fc.assert(
      fc.property(astArbitrary, timeArbitrary, (ast, t) => {
        const expression = parseExpression(printExpression(ast));
        expect(expression.evaluate(t)).toBe(reference(ast, t));
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it('takes one-sided limits by the documented rule', () => {
    fc.assert(
      fc.property(astArbitrary, timeArbitrary, (ast, t) => {
        const expression = parseExpression(printExpression(ast));
        expect(expression.evaluateBefore(t)).toBe(reference(ast, t, adjacentDouble(t, -1)));
        expect(expression.evaluateAfter(t)).toBe(reference(ast, t, adjacentDouble(t, 1)));
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it('lists breakpoints sorted, unique and finite', () => {
    fc.assert(
      fc.property(astArbitrary, (ast) => {
        const times = parseExpression(printExpression(ast)).breakpoints();
        expect(times.every(Number.isFinite)).toBe(true);
        expect(times).toEqual([...new Set(times)].sort((a, b) => a - b));
      }),
      { seed: 42, numRuns: 500 },
    );
  });
});

describe('never evaluates code', () => {
  const javascript = [
    'globalThis', 'window', 'Function', 'eval', 'constructor', '__proto__', 'prototype', 'require', 'import',
    'process', 'this', 'new', 'Math', 'Object', 'fetch', 'document', 'Infinity', 'NaN', '=>', ';', '[0]', '"x"',
    '`x`', '{}', '.call', '?.', '\\u0061', '$', '#',
  ];

  it.each(javascript)('rejects %s inserted anywhere in a valid expression', (snippet) => {
    // Every whitelisted name is lower-case letters and none contains these words, so whatever the
    // snippet merges with, the result is an unknown name or a character outside the grammar.
    const sources = fc.sample(astArbitrary.map(printExpression), { seed: 42, numRuns: 30 });
    fc.assert(
      fc.property(fc.constantFrom(...sources), fc.nat(), (source, at) => {
        const i = at % (source.length + 1);
        const tampered = source.slice(0, i) + snippet + source.slice(i);
        expect(() => parseExpression(tampered)).toThrow(ExpressionError);
      }),
      { seed: 42, numRuns: 100 },
    );
  });

  it('uses neither eval nor the Function constructor on 1000 random expressions', () => {
    const sources = fc.sample(astArbitrary.map(printExpression), { seed: 42, numRuns: 1000 });
    const calls: string[] = [];
    const saved = { Function: globalThis.Function, eval: globalThis.eval };
    const trap = (name: string) =>
      new Proxy(saved.Function, {
        apply: () => {
          calls.push(name);
          throw new Error(`${name} called`);
        },
        construct: () => {
          calls.push(name);
          throw new Error(`${name} called`);
        },
      });
    Reflect.set(globalThis, 'Function', trap('Function'));
    Reflect.set(globalThis, 'eval', trap('eval'));
    try {
      for (const source of sources) {
        const expression = parseExpression(source);
        for (const t of [-1, 0, 10, 13, 100]) {
          expression.evaluate(t);
          expression.evaluateBefore(t);
          expression.evaluateAfter(t);
        }
        expression.breakpoints();
        expression.print();
      }
    } finally {
      Reflect.set(globalThis, 'Function', saved.Function);
      Reflect.set(globalThis, 'eval', saved.eval);
    }
    expect(calls).toEqual([]);
  });

  it('has no eval, Function constructor or dynamic import in its source', () => {
    for (const file of ['engine/stimuli/expression.ts', 'engine/stimuli/expression-print.ts']) {
      const text = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
      expect(text).not.toMatch(/\beval\s*\(|\bFunction\s*\(|\bimport\s*\(|\bglobalThis\b/);
    }
  });
});
