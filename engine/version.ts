/**
 * Membrane's version: the course text and the engine are released together, so one number names both. A hand-in
 * file records it, so an instructor re-checks answers against the numbers the student saw. A unit test keeps it
 * equal to package.json's version.
 */
export const MEMBRANE_VERSION = '0.1.0';
