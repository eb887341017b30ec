// Lets NetworkRaster.astro use its custom element with ordinary HTML attributes.
declare namespace astroHTML.JSX {
  interface IntrinsicElements {
    'network-raster': HTMLAttributes;
  }
}
