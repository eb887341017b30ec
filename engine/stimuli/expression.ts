/**
 * A stimulus written as an expression in t (ms), such as `(t > 10 and t < 13) * 7.04` or
 * `5 * sin(2*pi*t/100)`.
 *
 * Expressions arrive from URLs and files, so they are never handed to JavaScript: a hand-written
 * tokenizer and recursive-descent parser build an AST whose only names come from fixed lists, and a
 * compiler turns the AST into a tree of closures that allocates nothing when it runs (it runs at
 * every stage of every step). Names are looked up with `includes` on arrays, never as object keys,
 * so `constructor` or `__proto__` are just unknown names.
 *
 * Operators follow Python's precedence (The Python Language Reference, §6.17 "Operator precedence"),
 * which students know from the notebooks, with two exceptions: `^` is the power (Python's `**`) and
 * comparisons do not chain. From loosest to tightest:
 *
 *   or  ·  and  ·  not  ·  < <= > >= == != (no chaining)  ·  + -  ·  * /  ·  unary - +  ·  ^ (right)
 *
 * So `not t > 5` is `not (t > 5)`, `-2^2` is -4, `2^3^2` is 512 and `2^-1` is 0.5. Comparisons,
 * `and`, `or` and `not` give 1 or 0 and treat any nonzero value (NaN included, as in Python) as
 * true. Division by zero gives ±Infinity or NaN; the simulator reports a non-finite current itself.
 *
 * Names: the variable `t` (ms); the constants `pi`, `e`, `ms` = 1 and `s` = 1000 (t is in ms, so
 * `t > 100*ms` reads as Brian2 does); and the functions below.
 */
import { cos, exp, log, pow, sin, tan } from '../math/deterministic.ts';
import { ExpressionError } from './expression-error.ts';
import { printExpression } from './expression-print.ts';
import { registerExpressionParser } from './expression-parser.ts';

export { ExpressionError };

/** The longest accepted source, and the deepest nesting of parentheses and calls. */
export const MAX_SOURCE_LENGTH = 500;
export const MAX_NESTING = 50;

export const constantNames = ['pi', 'e', 'ms', 's'] as const;
export type ConstantName = (typeof constantNames)[number];

/**
 * sin, cos, tan, exp, log (natural), sqrt, abs; floor, ceil, int (truncates toward 0, as Python's
 * int), sign (-1, 0, 1), heaviside(x) (1 where x >= 0, else 0): one argument each.
 * min and max: two or more arguments.
 */
export const functionNames = [
  'sin', 'cos', 'tan', 'exp', 'log', 'sqrt', 'abs', 'floor', 'ceil', 'int', 'sign', 'heaviside', 'min', 'max',
] as const;
export type FunctionName = (typeof functionNames)[number];

export type ComparisonOp = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type BinaryOp = '+' | '-' | '*' | '/' | '^' | ComparisonOp | 'and' | 'or';

/** The parsed expression. Literals are never negative: `-2` is a unary minus applied to 2. */
export type ExprNode =
  | { readonly type: 'number'; readonly value: number }
  | { readonly type: 'variable'; readonly name: 't' }
  | { readonly type: 'constant'; readonly name: ConstantName }
  | { readonly type: 'unary'; readonly op: '-' | 'not'; readonly arg: ExprNode }
  | { readonly type: 'binary'; readonly op: BinaryOp; readonly left: ExprNode; readonly right: ExprNode }
  | { readonly type: 'call'; readonly name: FunctionName; readonly args: readonly ExprNode[] };

export interface Expression {
  readonly source: string;
  readonly ast: ExprNode;
  /** Value at time t (ms). Comparisons and logic give 1 or 0. */
  evaluate(t: number): number;
  /**
   * The left limit I(t⁻), for the last stage of an integrator step that ends on a discontinuity.
   *
   * Rule: every operation that can jump (comparisons, `and`, `or`, `not`, int, floor, ceil, sign,
   * heaviside) reads its operands at the largest double below t, as if t were slightly smaller;
   * everything else is evaluated at t. So a comparison flips only at equality (`t >= 10` is 0 at 10,
   * `t < 13` is 1 at 13), operands that do not depend on t are unaffected, and the rule holds for
   * decreasing sides (`-t > -10` is 1 at 10) and for crossings that fall between two doubles.
   */
  evaluateBefore(t: number): number;
  /**
   * The right limit I(t⁺): the same rule with the smallest double above t. A step that starts on a
   * discontinuity should sample this, so that `t > 10` already counts as on at t = 10.
   */
  evaluateAfter(t: number): number;
  /** Canonical printed form (minimal parentheses, stable spacing) that parses back to the same AST. */
  print(): string;
  /**
   * Times (ms, sorted, unique, finite) where the expression may jump or kink, for the simulator to
   * end steps on. Covered, when the operands are affine in t (a·t + b, t-free parts folded to numbers):
   * - each comparison: where its two sides are equal (for == and != an isolated point, listed anyway);
   * - sign(x) and heaviside(x): where x = 0;
   * - abs(x): its kink where x = 0; min and max: where two of their arguments cross (kinks cost a
   *   high-order integrator its order, so stepping onto them helps too).
   * A jump is reported at the double where the compiled operation actually flips (the solved root can
   * be off by rounding), so evaluateBefore and evaluateAfter differ there.
   * Not covered: int, floor and ceil of a t-dependent argument (a jump at every integer, infinitely
   * many: the simulator steps across them), `and`/`or`/`not` of a non-comparison (it changes only at
   * an isolated point), and operands that are not affine, such as `sin(t) > 0.5`.
   */
  breakpoints(): number[];
}

function isOneOf<T extends string>(list: readonly T[], name: string): name is T {
  return (list as readonly string[]).includes(name);
}

// ---------------------------------------------------------------------------------------------------
// Tokenizer: reads one token at a time, so errors come in reading order (`process.exit()` fails on
// `process`, not on the `.` after it).

interface Token {
  readonly kind: 'number' | 'name' | 'op' | 'end';
  readonly text: string;
  /** 1-based. */
  readonly column: number;
  /** Index just past the token. */
  readonly end: number;
}

const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
/**
 * Every symbol the tokenizer knows, two-character ones first so `<=` is not read as `<`. Those with a
 * hint are mistakes carried over from other languages, refused with what to write instead.
 */
const SYMBOLS: readonly (readonly [text: string, hint?: string])[] = [
  ['<='], ['>='], ['=='], ['!='],
  ['&&', "write 'and' instead of '&&'"],
  ['||', "write 'or' instead of '||'"],
  ['**', "write '^' for powers"],
  ['+'], ['-'], ['*'], ['/'], ['^'], ['('], [')'], [','], ['<'], ['>'],
  ['&', "write 'and' instead of '&'"],
  ['|', "write 'or' instead of '|'"],
  ['!', "write 'not' instead of '!'"],
  ['=', "write '==' to compare"],
  ['%', 'there is no remainder operator'],
  ['[', "only '(' and ')' group"], [']', "only '(' and ')' group"],
  ['{', "only '(' and ')' group"], ['}', "only '(' and ')' group"],
  ['"', 'there is no text in quotes'], ["'", 'there is no text in quotes'], ['`', 'there is no text in quotes'],
  ['.', "'.' belongs in numbers such as 0.5; there are no properties or methods"],
  [';', 'an expression is a single formula'],
];

function fail(message: string, column: number, length = 1): never {
  throw new ExpressionError(message, column, length);
}

/** A character as it can be shown in a one-line message. */
function showChar(ch: string): string {
  return /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(ch) ? `'${ch}'` : `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

function readToken(source: string, from: number): Token {
  let i = from;
  while (i < source.length && /\s/.test(source[i]!)) i++;
  const column = i + 1;
  if (i >= source.length) return { kind: 'end', text: '', column, end: i };
  for (const [kind, pattern] of [['number', NUMBER], ['name', NAME]] as const) {
    pattern.lastIndex = i;
    const match = pattern.exec(source);
    if (match) {
      const text = match[0];
      if (kind === 'number' && !Number.isFinite(Number(text))) {
        fail(`number ${text} at column ${column} is too large`, column, text.length);
      }
      return { kind, text, column, end: i + text.length };
    }
  }
  const symbol = SYMBOLS.find(([text]) => source.startsWith(text, i));
  if (symbol) {
    const [text, hint] = symbol;
    if (hint) fail(`'${text}' at column ${column} is not allowed: ${hint}`, column, text.length);
    return { kind: 'op', text, column, end: i + text.length };
  }
  const ch = String.fromCodePoint(source.codePointAt(i)!);
  return fail(`unexpected character ${showChar(ch)} at column ${column}`, column, ch.length);
}

// ---------------------------------------------------------------------------------------------------
// Parser: one method per precedence level, loosest first (see the table in the header).

const COMPARISONS: readonly string[] = ['<', '<=', '>', '>=', '==', '!='];

function describe(token: Token): string {
  return token.kind === 'end' ? 'the end of the input' : `'${token.text}'`;
}

/** Edit distance with transpositions (optimal string alignment), for "did you mean". */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The known name a typo most likely meant: a different case (`PI`), a longer word for a function
 * (`sine`, `cosine`, `signum`), or one or two edits away. One-letter names are only offered for a
 * case difference, since every short word is one edit from `t` or `e`.
 */
function suggestName(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const sameCase = candidates.find((c) => c === lower);
  if (sameCase) return sameCase;
  const prefix = candidates.filter((c) => c.length >= 3 && lower.startsWith(c)).sort((a, b) => b.length - a.length)[0];
  if (prefix) return prefix;
  const limit = lower.length >= 5 ? 2 : 1;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    if (candidate.length < 2) continue;
    const distance = editDistance(lower, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

const KEYWORDS = ['and', 'or', 'not'] as const;
const ALL_NAMES: readonly string[] = ['t', ...constantNames, ...KEYWORDS, ...functionNames];

class Parser {
  private token: Token;
  private previous: Token | undefined;
  private depth = 0;

  constructor(private readonly source: string) {
    this.token = readToken(source, 0);
  }

  parse(): ExprNode {
    const node = this.parseOr();
    const token = this.token;
    if (token.kind === 'end') return node;
    if (token.text === ')') fail(`unmatched ')' at column ${token.column}: there is no '(' to close`, token.column);
    if (token.text === ',') fail(`',' at column ${token.column} outside a function call`, token.column);
    return fail(`expected an operator at column ${token.column} before ${describe(token)}; write * to multiply`, token.column, token.text.length);
  }

  private advance(): Token {
    this.previous = this.token;
    this.token = readToken(this.source, this.token.end);
    return this.previous;
  }

  private at(kind: Token['kind'], text: string): boolean {
    return this.token.kind === kind && this.token.text === text;
  }

  private parseOr(): ExprNode {
    let left = this.parseAnd();
    while (this.at('name', 'or')) {
      this.advance();
      left = { type: 'binary', op: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): ExprNode {
    let left = this.parseNot();
    while (this.at('name', 'and')) {
      this.advance();
      left = { type: 'binary', op: 'and', left, right: this.parseNot() };
    }
    return left;
  }

  private parseNot(): ExprNode {
    if (!this.at('name', 'not')) return this.parseComparison();
    this.advance();
    return { type: 'unary', op: 'not', arg: this.parseNot() };
  }

  private parseComparison(): ExprNode {
    const left = this.parseAdditive();
    if (this.token.kind !== 'op' || !COMPARISONS.includes(this.token.text)) return left;
    const op = this.advance().text as ComparisonOp;
    const node: ExprNode = { type: 'binary', op, left, right: this.parseAdditive() };
    const second = this.token;
    if (second.kind === 'op' && COMPARISONS.includes(second.text)) {
      // Python reads `1 < t < 3` as a chain; JavaScript as (1 < t) < 3. Refuse both readings.
      this.advance();
      const third = this.parseAdditive();
      const middle = printExpression(node.right);
      const hint = `${printExpression(left)} ${op} ${middle} and ${middle} ${second.text} ${printExpression(third)}`;
      fail(`comparisons cannot be chained at column ${second.column}; write ${hint}`, second.column, second.text.length);
    }
    return node;
  }

  private parseAdditive(): ExprNode {
    let left = this.parseMultiplicative();
    while (this.at('op', '+') || this.at('op', '-')) {
      const op = this.advance().text as '+' | '-';
      left = { type: 'binary', op, left, right: this.parseMultiplicative() };
    }
    return left;
  }

  private parseMultiplicative(): ExprNode {
    let left = this.parseUnary();
    while (this.at('op', '*') || this.at('op', '/')) {
      const op = this.advance().text as '*' | '/';
      left = { type: 'binary', op, left, right: this.parseUnary() };
    }
    return left;
  }

  /** Unary minus binds looser than ^ (so -2^2 = -4); unary plus changes nothing and leaves no node. */
  private parseUnary(): ExprNode {
    if (this.at('op', '-')) {
      this.advance();
      return { type: 'unary', op: '-', arg: this.parseUnary() };
    }
    if (this.at('op', '+')) {
      this.advance();
      return this.parseUnary();
    }
    return this.parsePower();
  }

  /** Right-associative, and the exponent may carry a sign: 2^3^2 = 2^(3^2), 2^-1 = 0.5. */
  private parsePower(): ExprNode {
    const base = this.parsePrimary();
    if (!this.at('op', '^')) return base;
    this.advance();
    return { type: 'binary', op: '^', left: base, right: this.parseUnary() };
  }

  private parsePrimary(): ExprNode {
    const token = this.token;
    if (token.kind === 'number') {
      this.advance();
      return { type: 'number', value: Number(token.text) };
    }
    if (token.kind === 'name' && !isOneOf(KEYWORDS, token.text)) return this.parseName(token);
    if (this.at('op', '(')) {
      const open = this.advance();
      this.enter(open);
      const inner = this.parseOr();
      this.close(open, 'an operator or');
      this.depth--;
      return inner;
    }
    if (this.at('name', 'not')) {
      fail(`'not' at column ${token.column} needs parentheses here: write (not ...)`, token.column, 3);
    }
    const after = this.previous ? ` after '${this.previous.text}'` : '';
    return fail(`expected a number, t, a name or '(' at column ${token.column}${after}, found ${describe(token)}`, token.column, token.text.length);
  }

  /** Checks the name before reading on, so `process.exit()` fails on `process`, not on the `.`. */
  private parseName(token: Token): ExprNode {
    const name = token.text;
    const { column } = token;
    const isCall = /^\s*\(/.test(this.source.slice(token.end));
    if (isOneOf(functionNames, name)) {
      if (!isCall) fail(`${name} at column ${column} is a function: write ${name}(...)`, column, name.length);
      this.advance();
      return this.parseCall(name, token);
    }
    if (name === 't' || isOneOf(constantNames, name)) {
      if (isCall) fail(`${name} at column ${column} is not a function; write ${name} * (...) to multiply`, column, name.length);
      this.advance();
      return name === 't' ? { type: 'variable', name } : { type: 'constant', name };
    }
    if (isCall) {
      const guess = suggestName(name, functionNames);
      const hint = guess ? `did you mean ${guess}?` : `functions are ${functionNames.join(', ')}`;
      fail(`unknown function '${name}' at column ${column}; ${hint}`, column, name.length);
    }
    const guess = suggestName(name, ALL_NAMES);
    const hint = guess ? `did you mean ${guess}?` : 'the variable is t (time in ms); constants are pi, e, ms, s';
    return fail(`unknown name '${name}' at column ${column}; ${hint}`, column, name.length);
  }

  private parseCall(name: FunctionName, nameToken: Token): ExprNode {
    const variadic = name === 'min' || name === 'max';
    const open = this.advance();
    this.enter(open);
    const args: ExprNode[] = [];
    if (!this.at('op', ')')) {
      args.push(this.parseOr());
      while (this.at('op', ',')) {
        this.advance();
        args.push(this.parseOr());
      }
    }
    const close = this.close(open, variadic ? "an operator, ',' or" : 'an operator or');
    this.depth--;
    if (variadic ? args.length < 2 : args.length !== 1) {
      const wanted = variadic ? 'at least 2 arguments' : 'exactly 1 argument';
      fail(`${name} at column ${nameToken.column} takes ${wanted}, got ${args.length}`, nameToken.column, close.end - nameToken.column + 1);
    }
    return { type: 'call', name, args };
  }

  private enter(open: Token): void {
    if (++this.depth > MAX_NESTING) {
      fail(`too deeply nested at column ${open.column}: at most ${MAX_NESTING} levels of parentheses`, open.column);
    }
  }

  private close(open: Token, expected: string): Token {
    if (this.at('op', ')')) return this.advance();
    const token = this.token;
    return fail(
      `expected ${expected} ')' at column ${token.column} to close the '(' at column ${open.column}, found ${describe(token)}`,
      token.column,
      token.text.length,
    );
  }
}

// ---------------------------------------------------------------------------------------------------
// Compiler: the AST becomes nested closures. `near` is the time at which operations that can jump
// read their operands: t itself for evaluate, the neighbouring double for the one-sided limits.
// Everything else reads t, so a limit differs from the value only at a jump.

type Compiled = (t: number, near: number) => number;

function dependsOnT(node: ExprNode): boolean {
  switch (node.type) {
    case 'number':
    case 'constant':
      return false;
    case 'variable':
      return true;
    case 'unary':
      return dependsOnT(node.arg);
    case 'binary':
      return dependsOnT(node.left) || dependsOnT(node.right);
    case 'call':
      return node.args.some(dependsOnT);
  }
}

function constantValue(name: ConstantName): number {
  switch (name) {
    case 'pi':
      return Math.PI;
    case 'e':
      return Math.E;
    case 'ms':
      return 1;
    case 's':
      return 1000;
  }
}

/** The one-argument functions, and whether each can jump. */
function mathFunction(name: Exclude<FunctionName, 'min' | 'max'>): { apply: (x: number) => number; jumps: boolean } {
  switch (name) {
    case 'sin': return { apply: sin, jumps: false };
    case 'cos': return { apply: cos, jumps: false };
    case 'tan': return { apply: tan, jumps: false };
    case 'exp': return { apply: exp, jumps: false };
    case 'log': return { apply: log, jumps: false };
    case 'sqrt': return { apply: Math.sqrt, jumps: false };
    case 'abs': return { apply: Math.abs, jumps: false };
    case 'floor': return { apply: Math.floor, jumps: true };
    case 'ceil': return { apply: Math.ceil, jumps: true };
    // + 0 turns -0 into 0: Python's int(-0.5) is 0.
    case 'int': return { apply: (x) => Math.trunc(x) + 0, jumps: true };
    case 'sign': return { apply: Math.sign, jumps: true };
    case 'heaviside': return { apply: (x) => (x >= 0 ? 1 : 0), jumps: true };
  }
}

/** Whether some operation that can jump reads t below it, i.e. whether the compiled node ever reads `near`. */
function readsNear(node: ExprNode, belowJump = false): boolean {
  if (!dependsOnT(node)) return false;
  switch (node.type) {
    case 'variable':
      return belowJump;
    case 'unary':
      return readsNear(node.arg, belowJump || node.op === 'not');
    case 'binary': {
      const jumps = belowJump || COMPARISONS.includes(node.op) || node.op === 'and' || node.op === 'or';
      return readsNear(node.left, jumps) || readsNear(node.right, jumps);
    }
    case 'call': {
      const jumps = belowJump || (node.name !== 'min' && node.name !== 'max' && mathFunction(node.name).jumps);
      return node.args.some((arg) => readsNear(arg, jumps));
    }
    default:
      return false;
  }
}

/** Compiles a node; a subtree that does not involve t is computed once, here. */
function compile(node: ExprNode): Compiled {
  const live = compileLive(node);
  if (dependsOnT(node)) return live;
  const value = live(0, 0);
  return () => value;
}

function compileLive(node: ExprNode): Compiled {
  switch (node.type) {
    case 'number': {
      const { value } = node;
      return () => value;
    }
    case 'constant': {
      const value = constantValue(node.name);
      return () => value;
    }
    case 'variable':
      return (t) => t;
    case 'unary': {
      const arg = compile(node.arg);
      if (node.op === '-') return (t, near) => -arg(t, near);
      return (_t, near) => (arg(near, near) === 0 ? 1 : 0);
    }
    case 'binary': {
      const [l, r] = [compile(node.left), compile(node.right)];
      return compileBinaryShape(node.op, node.left, node.right, l, r) ?? compileBinary(node.op, l, r);
    }
    case 'call':
      return compileCall(node.name, node.args.map(compile));
  }
}

/**
 * The common shapes `t op c`, `x op c` and `c op x` (c a constant, folded), written out so the constant
 * and t are read directly rather than through a closure call each: calls that V8 cannot inline box their
 * numbers, and a stimulus is evaluated at every stage of every step. Same operations, same values.
 */
function compileBinaryShape(op: BinaryOp, left: ExprNode, right: ExprNode, l: Compiled, r: Compiled): Compiled | undefined {
  if (!dependsOnT(right)) {
    const c = r(0, 0);
    if (left.type === 'variable') {
      switch (op) {
        case '+': return (t) => t + c;
        case '-': return (t) => t - c;
        case '*': return (t) => t * c;
        case '/': return (t) => t / c;
        case '<': return (_t, n) => (n < c ? 1 : 0);
        case '<=': return (_t, n) => (n <= c ? 1 : 0);
        case '>': return (_t, n) => (n > c ? 1 : 0);
        case '>=': return (_t, n) => (n >= c ? 1 : 0);
        default: return undefined;
      }
    }
    switch (op) {
      case '+': return (t, n) => l(t, n) + c;
      case '-': return (t, n) => l(t, n) - c;
      case '*': return (t, n) => l(t, n) * c;
      case '/': return (t, n) => l(t, n) / c;
      case '<': return (_t, n) => (l(n, n) < c ? 1 : 0);
      case '<=': return (_t, n) => (l(n, n) <= c ? 1 : 0);
      case '>': return (_t, n) => (l(n, n) > c ? 1 : 0);
      case '>=': return (_t, n) => (l(n, n) >= c ? 1 : 0);
      default: return undefined;
    }
  }
  if (!dependsOnT(left)) {
    const c = l(0, 0);
    switch (op) {
      case '+': return (t, n) => c + r(t, n);
      case '-': return (t, n) => c - r(t, n);
      case '*': return (t, n) => c * r(t, n);
      case '/': return (t, n) => c / r(t, n);
      case '<': return (_t, n) => (c < r(n, n) ? 1 : 0);
      case '<=': return (_t, n) => (c <= r(n, n) ? 1 : 0);
      case '>': return (_t, n) => (c > r(n, n) ? 1 : 0);
      case '>=': return (_t, n) => (c >= r(n, n) ? 1 : 0);
      default: return undefined;
    }
  }
  return undefined;
}

function compileBinary(op: BinaryOp, l: Compiled, r: Compiled): Compiled {
  switch (op) {
    case '+': return (t, n) => l(t, n) + r(t, n);
    case '-': return (t, n) => l(t, n) - r(t, n);
    case '*': return (t, n) => l(t, n) * r(t, n);
    case '/': return (t, n) => l(t, n) / r(t, n);
    case '^': return (t, n) => pow(l(t, n), r(t, n));
    case '<': return (_t, n) => (l(n, n) < r(n, n) ? 1 : 0);
    case '<=': return (_t, n) => (l(n, n) <= r(n, n) ? 1 : 0);
    case '>': return (_t, n) => (l(n, n) > r(n, n) ? 1 : 0);
    case '>=': return (_t, n) => (l(n, n) >= r(n, n) ? 1 : 0);
    case '==': return (_t, n) => (l(n, n) === r(n, n) ? 1 : 0);
    case '!=': return (_t, n) => (l(n, n) !== r(n, n) ? 1 : 0);
    case 'and': return (_t, n) => (l(n, n) !== 0 && r(n, n) !== 0 ? 1 : 0);
    case 'or': return (_t, n) => (l(n, n) !== 0 || r(n, n) !== 0 ? 1 : 0);
  }
}

function compileCall(name: FunctionName, args: readonly Compiled[]): Compiled {
  if (name === 'min' || name === 'max') {
    // Math.min/max pairwise, so NaN and -0 behave as in Math.min(...all).
    const pick = name === 'min' ? Math.min : Math.max;
    const [first, ...rest] = args as [Compiled, ...Compiled[]];
    return (t, n) => {
      let value = first(t, n);
      for (let i = 0; i < rest.length; i++) value = pick(value, rest[i]!(t, n));
      return value;
    };
  }
  const arg = args[0]!;
  // Math's own functions called by name, which V8 inlines; through `apply` they would be calls it cannot.
  switch (name) {
    case 'abs': return (t, n) => Math.abs(arg(t, n));
    case 'sqrt': return (t, n) => Math.sqrt(arg(t, n));
    case 'floor': return (_t, n) => Math.floor(arg(n, n));
    case 'ceil': return (_t, n) => Math.ceil(arg(n, n));
    default: {
      const { apply, jumps } = mathFunction(name);
      return jumps ? (_t, n) => apply(arg(n, n)) : (t, n) => apply(arg(t, n));
    }
  }
}

// Neighbouring doubles, by stepping the bit pattern: the one-sided limits look one double away.
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const LOW = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
const HIGH = 1 - LOW;

/** The adjacent double in the direction of `direction` (-1 down, +1 up). */
export function adjacentDouble(x: number, direction: 1 | -1): number {
  if (Number.isNaN(x) || x === direction * Infinity) return x;
  if (x === 0) return direction * Number.MIN_VALUE;
  bits[0] = x;
  // Away from zero the magnitude grows by one unit in the last place, toward zero it shrinks; the low
  // word carries into (or borrows from) the high word. Uint32Array arithmetic wraps around.
  const step = x > 0 === direction > 0 ? 1 : -1;
  const low = words[LOW]!;
  words[LOW] = low + step;
  if ((step === 1 && low === 0xffffffff) || (step === -1 && low === 0)) words[HIGH] = words[HIGH]! + step;
  return bits[0]!;
}

// ---------------------------------------------------------------------------------------------------
// Breakpoints: fold operands to a·t + b where possible, then solve for the crossings.

interface Affine {
  readonly slope: number;
  readonly offset: number;
}

/** The node as slope·t + offset, or null when it is not affine in t (or a coefficient is not finite). */
function affine(node: ExprNode): Affine | null {
  const result = affineUnchecked(node);
  return result && Number.isFinite(result.slope) && Number.isFinite(result.offset) ? result : null;
}

function affineUnchecked(node: ExprNode): Affine | null {
  if (!dependsOnT(node)) return { slope: 0, offset: compile(node)(0, 0) };
  if (node.type === 'variable') return { slope: 1, offset: 0 };
  if (node.type === 'unary' && node.op === '-') {
    const arg = affine(node.arg);
    return arg && { slope: -arg.slope, offset: -arg.offset };
  }
  if (node.type !== 'binary') return null;
  const [l, r] = [affine(node.left), affine(node.right)];
  if (!l || !r) return null;
  switch (node.op) {
    case '+': return { slope: l.slope + r.slope, offset: l.offset + r.offset };
    case '-': return { slope: l.slope - r.slope, offset: l.offset - r.offset };
    case '*':
      if (l.slope === 0) return { slope: l.offset * r.slope, offset: l.offset * r.offset };
      return r.slope === 0 ? { slope: l.slope * r.offset, offset: l.offset * r.offset } : null;
    case '/':
      return r.slope === 0 ? { slope: l.slope / r.offset, offset: l.offset / r.offset } : null;
    default:
      return null;
  }
}

/** Where two affine functions of t are equal, if they cross. */
function crossing(a: Affine | null, b: Affine | null): number | null {
  if (!a || !b || a.slope === b.slope) return null;
  const t = (b.offset - a.offset) / (a.slope - b.slope);
  return Number.isFinite(t) ? t : null;
}

const ZERO: Affine = { slope: 0, offset: 0 };

/**
 * The solved root can miss the double where the compiled node flips: 0.1·t > 0.3 has no exact crossing
 * in doubles, and in 99.89·t + 99.98 > 99.96 the sum only changes every ~1e-16 ms while t near the
 * root has far finer doubles. So bracket the flip around the root, bisect down to two adjacent
 * doubles, and report whichever of them has the shorter decimal (3, not 2.9999999999999996). Both
 * show the jump to the simulator: their left and right limits differ. Without a flip nearby (== and
 * != only touch an isolated point) the root itself is kept.
 */
function snapToJump(node: ExprNode, root: number): number {
  const f = compile(node);
  const value = (t: number) => f(t, t);
  const jumpsAt = (t: number) => !Object.is(f(t, adjacentDouble(t, -1)), f(t, adjacentDouble(t, 1)));
  let width = Math.max(Math.abs(root) * 2 ** -50, 1e-300);
  let [lo, hi] = [root - width, root + width];
  for (let k = 0; k < 300 && Object.is(value(lo), value(hi)); k++) {
    width *= 16;
    [lo, hi] = [root - width, root + width];
  }
  if (Object.is(value(lo), value(hi)) || !Number.isFinite(lo) || !Number.isFinite(hi)) return root;
  const before = value(lo);
  for (let k = 0; k < 2200; k++) {
    const mid = lo / 2 + hi / 2;
    if (mid === lo || mid === hi) break;
    if (Object.is(value(mid), before)) lo = mid;
    else hi = mid;
  }
  const candidates = [lo, hi].filter(jumpsAt).sort((a, b) => String(a).length - String(b).length);
  return candidates[0] ?? root;
}

/** Appends the jumps and kinks of `node` and of everything below it. */
function collectBreakpoints(node: ExprNode, out: number[]): void {
  const jump = (root: number | null) => {
    if (root !== null) out.push(snapToJump(node, root));
  };
  const kink = (root: number | null) => {
    if (root !== null) out.push(root);
  };
  if (node.type === 'binary' && COMPARISONS.includes(node.op)) {
    jump(crossing(affine(node.left), affine(node.right)));
  } else if (node.type === 'call') {
    const lines = node.args.map(affine);
    if (node.name === 'sign' || node.name === 'heaviside') jump(crossing(lines[0]!, ZERO));
    if (node.name === 'abs') kink(crossing(lines[0]!, ZERO));
    if (node.name === 'min' || node.name === 'max') lines.forEach((a, i) => lines.slice(i + 1).forEach((b) => kink(crossing(a, b))));
  }
  if (node.type === 'unary') collectBreakpoints(node.arg, out);
  if (node.type === 'binary') [node.left, node.right].forEach((child) => collectBreakpoints(child, out));
  if (node.type === 'call') node.args.forEach((child) => collectBreakpoints(child, out));
}

function breakpointsOf(ast: ExprNode): number[] {
  const out: number[] = [];
  collectBreakpoints(ast, out);
  return [...new Set(out)].sort((a, b) => a - b);
}

// ---------------------------------------------------------------------------------------------------

/** Parses and compiles an expression in t. Throws ExpressionError, and nothing else, on bad input. */
export function parseExpression(source: string): Expression {
  if (typeof source !== 'string') fail('the expression must be text', 1, 0);
  if (source.length > MAX_SOURCE_LENGTH) {
    const column = MAX_SOURCE_LENGTH + 1;
    fail(`expression too long at column ${column}: at most ${MAX_SOURCE_LENGTH} characters, got ${source.length}`, column, source.length - MAX_SOURCE_LENGTH);
  }
  const ast = new Parser(source).parse();
  const f = compile(ast);
  const evaluate = (t: number): number => f(t, t);
  // Without an operation that can jump (on t), the one-sided limits are the value: skip finding the
  // neighbouring doubles, which the integrators would otherwise do at two of every step's four stages.
  const oneSided = readsNear(ast);
  let breaks: number[] | undefined;
  return {
    source,
    ast,
    evaluate,
    evaluateBefore: oneSided ? (t) => f(t, adjacentDouble(t, -1)) : evaluate,
    evaluateAfter: oneSided ? (t) => f(t, adjacentDouble(t, 1)) : evaluate,
    print: () => printExpression(ast),
    breakpoints: () => [...(breaks ??= breakpointsOf(ast))],
  };
}

// Whoever evaluates this module (Node through stimulus.ts, a page through loadExpressionParser or a static import)
// makes the grammar available to resolveStimulus.
registerExpressionParser(parseExpression);
