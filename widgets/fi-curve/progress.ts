/**
 * A labelled <progress> bar with its percentage in words ("Computing simulated points… 40 %"), hidden
 * while idle. Not a live region: the widget's summary already says, once, that points are being computed.
 */
export interface Progress {
  readonly root: HTMLElement;
  show(fraction: number): void;
  hide(): void;
}

export function createProgress(label: string): Progress {
  const root = document.createElement('p');
  root.className = 'widget-progress';
  root.dataset['role'] = 'progress';
  root.hidden = true;
  const wrapper = document.createElement('label');
  const text = document.createElement('span');
  const bar = document.createElement('progress');
  bar.max = 1;
  bar.value = 0;
  wrapper.append(text, ' ', bar);
  root.append(wrapper);
  return {
    root,
    show(fraction) {
      const percent = `${Math.round(100 * Math.min(1, Math.max(0, fraction)))} %`;
      text.textContent = `${label} ${percent}`;
      bar.value = fraction;
      root.hidden = false;
    },
    hide() {
      root.hidden = true;
    },
  };
}
