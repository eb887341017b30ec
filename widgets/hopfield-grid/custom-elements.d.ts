// Lets HopfieldGrid.astro use its custom element with ordinary HTML attributes.
declare namespace astroHTML.JSX {
  interface IntrinsicElements {
    'hopfield-grid': HTMLAttributes;
  }
}
