// Lets the Astro components use their custom elements with ordinary HTML attributes.
declare namespace astroHTML.JSX {
  interface IntrinsicElements {
    'hebb-cloud': HTMLAttributes;
    'receptive-field': HTMLAttributes;
  }
}
