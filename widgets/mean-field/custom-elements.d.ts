// Lets MeanFieldLink.astro use its custom element with ordinary HTML attributes.
declare namespace astroHTML.JSX {
  interface IntrinsicElements {
    'mean-field-link': HTMLAttributes;
  }
}
