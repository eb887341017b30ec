/**
 * How deeply a parsed JSON value nests, checked without recursion. Files and links are parsed with JSON.parse,
 * which accepts `[[[[…]]]]` a hundred thousand levels deep; the recursive code that reads the result afterwards
 * (JSON.stringify for a message, structuredClone, validators) would overflow the stack with a RangeError
 * instead of saying what is wrong. Everything Membrane writes nests fewer than ten levels.
 */

/** The deepest nesting any reader of untrusted JSON accepts. */
export const MAX_JSON_DEPTH = 64;

/** True when `value` has arrays or objects nested more than `max` levels deep (a plain number or text is level 0). */
export function nestsDeeperThan(value: unknown, max: number = MAX_JSON_DEPTH): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  const seen = new Set<object>();
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (typeof item !== 'object' || item === null || seen.has(item)) continue;
    if (depth + 1 > max) return true;
    seen.add(item);
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}
