// Lets GatingPlot.astro use its custom element with ordinary HTML attributes.
declare namespace astroHTML.JSX {
  interface IntrinsicElements {
    'gating-plot': HTMLAttributes;
  }
}
