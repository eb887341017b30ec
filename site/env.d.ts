declare namespace App {
  interface Locals {
    /** Exercise ids rendered so far on the page being built; Exercise.astro rejects a repeat. */
    exerciseIds?: Set<string>;
  }
}
