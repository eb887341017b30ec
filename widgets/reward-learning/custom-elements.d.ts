// Lets RewardLearning.astro use its custom element with ordinary HTML attributes.
declare namespace astroHTML.JSX {
  interface IntrinsicElements {
    'reward-learning': HTMLAttributes;
  }
}
