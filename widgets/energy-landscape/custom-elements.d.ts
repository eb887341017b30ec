// Lets EnergyTrace.astro use its custom element with ordinary HTML attributes.
declare namespace astroHTML.JSX {
  interface IntrinsicElements {
    'energy-trace': HTMLAttributes;
  }
}
