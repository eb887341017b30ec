// Lets FUPlot.astro use its custom element with ordinary HTML attributes.
declare namespace astroHTML.JSX {
  interface IntrinsicElements {
    'f-u-plot': HTMLAttributes;
  }
}
