// Lets .astro templates use the widgets' custom elements with ordinary HTML attributes.
declare namespace astroHTML.JSX {
  interface IntrinsicElements {
    'membrane-trace': HTMLAttributes;
    'fi-curve': HTMLAttributes;
  }
}
