/**
 * The canonical text of a stimulus expression: as few parentheses as the grammar allows, spaces
 * around binary operators except `^`, `, ` between arguments. Parsing the text gives back the same
 * AST, so a stimulus stored in a URL can be normalised and compared as text.
 *
 * Numbers are printed with `String(value)`, the shortest text that reads back as the same double
 * (`1e+21`, `5e-324`). The parser never makes a negative literal (`-2` is a unary minus), and only
 * such ASTs are guaranteed to round-trip.
 */
import type { BinaryOp, ExprNode } from './expression.ts';

/**
 * Binding strength, loosest first; it mirrors the parser's levels in expression.ts (parseOr down to
 * parsePrimary), which are the source of truth.
 */
const Level = { Or: 1, And: 2, Not: 3, Comparison: 4, Additive: 5, Multiplicative: 6, Unary: 7, Power: 8, Atom: 9 } as const;
type Level = number;

function binaryLevel(op: BinaryOp): Level {
  switch (op) {
    case 'or': return Level.Or;
    case 'and': return Level.And;
    case '+': case '-': return Level.Additive;
    case '*': case '/': return Level.Multiplicative;
    case '^': return Level.Power;
    default: return Level.Comparison;
  }
}

function level(node: ExprNode): Level {
  switch (node.type) {
    case 'unary': return node.op === 'not' ? Level.Not : Level.Unary;
    case 'binary': return binaryLevel(node.op);
    default: return Level.Atom;
  }
}

/** Prints `node`, in parentheses unless it binds at least as tightly as `loosest` allows. */
function operand(node: ExprNode, loosest: Level): string {
  const text = printExpression(node);
  return level(node) >= loosest ? text : `(${text})`;
}

/**
 * The loosest operands each side accepts without parentheses, from the grammar: left-associative
 * operators take their own level on the left only; comparisons do not chain; `^` takes an atom on the
 * left and a signed operand on the right (`2^-1`).
 */
function operandLevels(op: BinaryOp): [left: Level, right: Level] {
  const own = binaryLevel(op);
  if (op === '^') return [Level.Atom, Level.Unary];
  if (own === Level.Comparison) return [Level.Additive, Level.Additive];
  return [own, own + 1];
}

export function printExpression(node: ExprNode): string {
  switch (node.type) {
    case 'number':
      return String(node.value);
    case 'variable':
    case 'constant':
      return node.name;
    case 'unary':
      return node.op === 'not' ? `not ${operand(node.arg, Level.Not)}` : `-${operand(node.arg, Level.Unary)}`;
    case 'binary': {
      const [left, right] = operandLevels(node.op);
      const space = node.op === '^' ? '' : ' ';
      return `${operand(node.left, left)}${space}${node.op}${space}${operand(node.right, right)}`;
    }
    case 'call':
      return `${node.name}(${node.args.map(printExpression).join(', ')})`;
  }
}
