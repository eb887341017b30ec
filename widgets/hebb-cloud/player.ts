/**
 * Play / pause / step for the Hebbian widgets: advances a run a few samples per animation frame while
 * playing, pauses while the widget is scrolled out of view (and resumes when it returns), and keeps the
 * play button's label and aria-pressed in step. Redraws are coalesced: `schedule()` draws at most once per
 * frame. The widget supplies `advance(count)` (returns false when there is nothing more to play) and `draw`.
 */
export interface PlayerHooks {
  /** Presents samples for one frame; returns false when the run cannot go on. */
  advance(): boolean;
  draw(): void;
}

export interface Player {
  readonly playing: boolean;
  play(): void;
  pause(): void;
  toggle(): void;
  /** Draws in the next animation frame (once, however often it is called). */
  schedule(): void;
}

export function createPlayer(root: HTMLElement, button: HTMLButtonElement | null, hooks: PlayerHooks): Player {
  let playing = false;
  let visible = true;
  let frame: number | undefined;
  let drawPending = false;

  const label = () => {
    if (!button) return;
    button.textContent = playing ? 'Pause' : 'Play';
    button.setAttribute('aria-pressed', String(playing));
    root.dataset['playing'] = String(playing);
  };
  const tick = () => {
    frame = undefined;
    if (drawPending) drawPending = false;
    if (playing && visible) {
      if (!hooks.advance()) {
        playing = false;
        label();
      }
    }
    hooks.draw();
    if (playing && visible) frame = requestAnimationFrame(tick);
  };
  const kick = () => {
    if (frame === undefined) frame = requestAnimationFrame(tick);
  };
  new IntersectionObserver((entries) => {
    visible = entries.some((e) => e.isIntersecting);
    root.dataset['visible'] = String(visible);
    if (visible && playing) kick();
  }).observe(root);

  const player: Player = {
    get playing() {
      return playing;
    },
    play() {
      playing = true;
      label();
      kick();
    },
    pause() {
      playing = false;
      label();
    },
    toggle() {
      if (playing) player.pause();
      else player.play();
    },
    schedule() {
      drawPending = true;
      kick();
    },
  };
  button?.addEventListener('click', () => player.toggle());
  label();
  return player;
}

/** What a learning run offers the player: samples presented on demand, and whether it can go on. */
export interface SteppedSession {
  advance(count: number): number;
  finished(): boolean;
}

export interface SessionPlayerHooks {
  session(): SteppedSession | undefined;
  /** Samples presented per animation frame while playing. */
  speed(): number;
  /** The Step button. */
  step(): void;
  /** The Restart button. */
  restart(): void;
  draw(): void;
}

/**
 * The player both learning widgets use: Play presents `speed()` samples per frame until the run ends, Step
 * and Restart are wired to their buttons, and a change in the plot's size redraws.
 */
export function bindSessionPlayer(root: HTMLElement, plot: HTMLElement, hooks: SessionPlayerHooks): Player {
  const player = createPlayer(root, root.querySelector<HTMLButtonElement>('[data-action="play"]'), {
    advance: () => {
      const session = hooks.session();
      if (!session || session.finished()) return false;
      session.advance(hooks.speed());
      return !session.finished();
    },
    draw: hooks.draw,
  });
  root.querySelector<HTMLButtonElement>('[data-action="step"]')?.addEventListener('click', hooks.step);
  root.querySelector<HTMLButtonElement>('[data-action="restart"]')?.addEventListener('click', hooks.restart);
  new ResizeObserver(() => player.schedule()).observe(plot);
  return player;
}
