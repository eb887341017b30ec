// Lets PhasePlane.astro use <phase-plane> with ordinary HTML attributes (merges with widgets/lib's list).
declare namespace astroHTML.JSX {
  interface IntrinsicElements {
    'phase-plane': HTMLAttributes;
  }
}
