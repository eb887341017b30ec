// Lets OverlapTemperature.astro use its custom element with ordinary HTML attributes.
declare namespace astroHTML.JSX {
  interface IntrinsicElements {
    'overlap-temperature': HTMLAttributes;
  }
}
