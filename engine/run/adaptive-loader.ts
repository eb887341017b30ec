/**
 * The adaptive method (adaptive.ts, with Dormand–Prince's pair in integrators/dopri5.ts) is the default of
 * Hodgkin–Huxley and the EIF only, and most lessons never run it. So a page fetches it when a state, link or job
 * asks for it, as it does the models (models/load.ts) and the stimulus grammar (stimuli/expression-parser.ts):
 * `loadAdaptiveDriver` before a run with the method 'adaptive'. adaptive.ts registers its driver when it is
 * evaluated; in Node, simulate.ts imports it, so it is always there. Until then a run with the adaptive method is
 * refused in words (ADAPTIVE_NOT_LOADED).
 */
import { lazyRegistration } from '../lazy-registration.ts';
import type { adaptiveDriver } from './adaptive.ts';

export type AdaptiveDriver = typeof adaptiveDriver;

const method = lazyRegistration<AdaptiveDriver>(() => import('./adaptive.ts'));

/** What a reader is told when the adaptive method is asked for before it has loaded (its fetch failed, say). */
export const ADAPTIVE_NOT_LOADED = 'The adaptive method has not loaded; reload the page to try again.';

export const registerAdaptiveDriver: (driver: AdaptiveDriver) => void = method.register;

/** The driver, once adaptive.ts has been evaluated; undefined before. */
export const loadedAdaptiveDriver: () => AdaptiveDriver | undefined = method.get;

/** The driver, fetched first if the page has not loaded it; undefined if the fetch failed (the simulation then refuses the method in words). */
export const loadAdaptiveDriver: () => Promise<AdaptiveDriver | undefined> = method.load;
