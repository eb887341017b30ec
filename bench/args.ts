/** Command-line options of the bench scripts, taken out of `args` so that what is left is positional. */

/** The value after `name` (`--runs 3`), or undefined when `name` is absent. */
export function takeOption(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const [, value] = args.splice(at, 2);
  return value;
}

/** Whether the flag `name` (`--mobile`) was given. */
export function takeFlag(args: string[], name: string): boolean {
  const at = args.indexOf(name);
  if (at >= 0) args.splice(at, 1);
  return at >= 0;
}
