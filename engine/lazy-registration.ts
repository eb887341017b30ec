/**
 * A piece of the engine that a page fetches only when it is needed (the stimulus grammar, the adaptive method): its
 * module registers what it provides when it is evaluated, and `load` evaluates it with the `import()` its owner
 * passes. In Node the owner's module also imports it statically, so it is registered before anything asks.
 */
export interface LazyRegistration<T> {
  register(value: T): void;
  /** What was registered; undefined until the module has been evaluated. */
  get(): T | undefined;
  /**
   * What was registered, evaluating the module first if needed; undefined if its fetch failed (offline before the
   * first visit, a new deploy). Never rejects: the caller goes on, and says in words what is missing.
   */
  load(): Promise<T | undefined>;
}

/** `evaluate` is the owner's `() => import('./module.ts')`: the literal path stays in the owner's module for the bundler. */
export function lazyRegistration<T>(evaluate: () => Promise<unknown>): LazyRegistration<T> {
  let registered: T | undefined;
  return {
    register(value) {
      registered = value;
    },
    get: () => registered,
    async load() {
      if (!registered) await evaluate().catch(() => undefined);
      return registered;
    },
  };
}
