/**
 * "Export": every plot gives its data (CSV and JSON, units in the header) and its figure (SVG and PNG). The
 * buttons are static HTML (ExportButtons.astro); this module is loaded with `import()` on the first click, so a
 * lesson page ships none of it until a reader asks for a file.
 *
 * A widget's custom element says what it drew through `ExportableWidget`: its tables (the numbers of the last
 * drawing, not a recomputation), optionally its parameters with units and the elements that make its figure.
 * The pure half (toCsv, toJson, csvCell) is tested in Node; the rest needs a document.
 */
import { MEMBRANE_VERSION } from '../../engine/version.ts';

export interface DataColumn {
  readonly name: string;
  /** Empty for a dimensionless column. */
  readonly unit: string;
}

/** One table of a plot: trace samples, spike times, points of a curve. A plot may give several. */
export interface DataTable {
  readonly name: string;
  readonly columns: readonly DataColumn[];
  readonly rows: readonly (readonly number[])[];
}

export interface ParamValue {
  readonly value: number;
  readonly unit: string;
}

export interface ExportMeta {
  /** The widget's id on the page. */
  readonly widget: string;
  /** The model or network the plot shows (an engine model id, or the widget's kind). */
  readonly model: string;
  readonly params: Readonly<Record<string, ParamValue>>;
}

/** What a widget's custom element offers the export buttons. */
export interface ExportableWidget extends HTMLElement {
  exportTables(): DataTable[];
  /** Model id and parameters with units; without it the numbers of getState() are listed, units from the panel. */
  exportMeta?(): { model: string; params: Record<string, ParamValue> };
  /** The SVG and canvas elements of the figure; by default those inside the widget's plot host(s). */
  exportFigure?(): Element[];
  getState?(): unknown;
}

export type ExportFormat = 'csv' | 'json' | 'svg' | 'png';

/** `t (ms)`; a dimensionless column is its name alone. */
export function columnHeader(column: DataColumn): string {
  return column.unit ? `${column.name} (${column.unit})` : column.name;
}

/**
 * A text cell for CSV: quoted when it holds a separator, quote or line break, and with a leading apostrophe
 * when a spreadsheet would read it as a formula (= + - @, tab, carriage return). Numbers never pass here.
 */
export function csvCell(text: string): string {
  const guarded = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/** A number as CSV: full precision (String(x) round-trips), empty for NaN and infinities. */
export function csvNumber(x: number): string {
  return Number.isFinite(x) ? String(x) : '';
}

/** One table as CSV: a header of names with units, then a row per data row. Lines end in \r\n (RFC 4180). */
export function toCsv(table: DataTable): string {
  const lines = [table.columns.map((c) => csvCell(columnHeader(c))).join(',')];
  for (const row of table.rows) lines.push(row.map(csvNumber).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Several tables in one file: a single table is plain CSV; with more, each is introduced by a `# <name>` line
 * and followed by a blank line (pandas: read one section at a time, or `comment='#'` for the first).
 */
export function tablesToCsv(tables: readonly DataTable[]): string {
  if (tables.length === 1) return toCsv(tables[0]!);
  return tables.map((table) => `${csvCell(`# ${table.name}`)}\r\n${toCsv(table)}`).join('\r\n');
}

/** The JSON file: which widget and model, the parameters with units, Membrane's version and the tables. */
export function toJson(tables: readonly DataTable[], meta: ExportMeta): string {
  const document = {
    widget: meta.widget,
    model: meta.model,
    version: MEMBRANE_VERSION,
    params: meta.params,
    tables: tables.map((table) => ({
      name: table.name,
      columns: table.columns.map((c) => ({ name: c.name, unit: c.unit })),
      // NaN and infinities have no JSON form: null, as the CSV leaves the cell empty.
      rows: table.rows.map((row) => row.map((x) => (Number.isFinite(x) ? x : null))),
    })),
  };
  return `${JSON.stringify(document)}\n`;
}

/** `01-integrate-and-fire` from `/lessons/01-integrate-and-fire/`; `membrane` on a page without a slug. */
export function pageSlug(pathname: string): string {
  const last = pathname.split('/').filter(Boolean).pop() ?? '';
  const slug = last.replace(/\.html?$/, '').replace(/[^A-Za-z0-9_-]+/g, '-');
  return slug || 'membrane';
}

export function fileName(pathname: string, widgetId: string, format: ExportFormat): string {
  return `${pageSlug(pathname)}-${widgetId.replace(/[^A-Za-z0-9_-]+/g, '-')}.${format}`;
}

/** Numeric leaves of a state object as dotted names (`params.tauM`), for widgets without exportMeta. */
export function numericLeaves(value: unknown, prefix = ''): [string, number][] {
  if (typeof value === 'number') return prefix ? [[prefix, value]] : [];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => numericLeaves(inner, prefix ? `${prefix}.${key}` : key));
}

// ——— In the browser ———

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Styles that decide how a plot looks; computed values have the theme's CSS variables resolved. */
const STYLE_PROPERTIES = [
  'fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity', 'stroke-linecap', 'stroke-linejoin',
  'opacity', 'font-family', 'font-size', 'font-weight', 'font-style', 'text-anchor', 'dominant-baseline', 'paint-order',
] as const;

/** The widget's figure parts: its own choice, or every SVG and canvas inside its plot host(s). */
function figureParts(widget: ExportableWidget): Element[] {
  const parts = widget.exportFigure?.() ?? [...widget.querySelectorAll('[data-role="plot"] svg.plot-svg, [data-role="plot"] canvas')];
  return parts.filter((part) => {
    const box = part.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  });
}

/** Copies the computed look of `source` and its descendants onto the matching nodes of `copy`. */
function inlineStyles(source: Element, copy: Element): void {
  const style = getComputedStyle(source);
  if (style.display === 'none' || style.visibility === 'hidden') {
    copy.remove();
    return;
  }
  const declarations = STYLE_PROPERTIES.map((name) => [name, style.getPropertyValue(name)] as const).filter(([, value]) => value !== '');
  copy.setAttribute('style', declarations.map(([name, value]) => `${name}:${value}`).join(';'));
  copy.removeAttribute('class');
  const sources = source.children;
  // Walk backwards: a removed hidden child must not shift the pairing of the ones still to visit.
  for (let i = sources.length - 1; i >= 0; i--) {
    const child = copy.children[i];
    if (child) inlineStyles(sources[i]!, child);
  }
}

/** The first opaque background behind `element`, so a dark-theme figure keeps its dark page. */
function backgroundOf(element: Element): string {
  for (let node: Element | null = element; node; node = node.parentElement) {
    const colour = getComputedStyle(node).backgroundColor;
    if (colour && colour !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(colour)) return colour;
  }
  return '#ffffff';
}

export interface Figure {
  readonly svg: string;
  readonly width: number;
  readonly height: number;
  readonly background: string;
}

/**
 * The figure as a standalone SVG document: each part at its place on the page, styles inlined, canvases
 * embedded as PNG images, a background rectangle and a title.
 */
export function figureSvg(widget: ExportableWidget): Figure {
  const parts = figureParts(widget);
  if (parts.length === 0) throw new Error('This figure has nothing drawn yet.');
  const boxes = parts.map((part) => part.getBoundingClientRect());
  const left = Math.min(...boxes.map((b) => b.left));
  const top = Math.min(...boxes.map((b) => b.top));
  const width = Math.ceil(Math.max(...boxes.map((b) => b.right)) - left);
  const height = Math.ceil(Math.max(...boxes.map((b) => b.bottom)) - top);
  const background = backgroundOf(widget);
  const root = document.createElementNS(SVG_NS, 'svg');
  root.setAttribute('xmlns', SVG_NS);
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const title = document.createElementNS(SVG_NS, 'title');
  title.textContent = widget.querySelector<HTMLElement>('[data-role="plot"]')?.dataset['title'] ?? widget.id;
  const fill = document.createElementNS(SVG_NS, 'rect');
  fill.setAttribute('width', '100%');
  fill.setAttribute('height', '100%');
  fill.setAttribute('fill', background);
  root.append(title, fill);
  parts.forEach((part, i) => {
    const box = boxes[i]!;
    const place = { x: String(box.left - left), y: String(box.top - top), width: String(box.width), height: String(box.height) };
    if (part instanceof HTMLCanvasElement) {
      const image = document.createElementNS(SVG_NS, 'image');
      for (const [name, value] of Object.entries(place)) image.setAttribute(name, value);
      image.setAttribute('href', part.toDataURL('image/png'));
      image.setAttribute('preserveAspectRatio', 'none');
      root.append(image);
    } else {
      const copy = part.cloneNode(true) as Element;
      inlineStyles(part, copy);
      for (const [name, value] of Object.entries(place)) copy.setAttribute(name, value);
      for (const name of ['role', 'aria-label', 'aria-describedby', 'tabindex']) copy.removeAttribute(name);
      root.append(copy);
    }
  });
  return { svg: new XMLSerializer().serializeToString(root), width, height, background };
}

/** The figure as PNG at twice its CSS size, drawn from the SVG through a data: URL (the CSP allows data: images). */
export async function figurePng(figure: Figure, scale = 2): Promise<Blob> {
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(figure.svg)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(figure.width * scale);
  canvas.height = Math.round(figure.height * scale);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('This browser cannot draw the image.');
  context.fillStyle = figure.background;
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The image could not be made.'))), 'image/png'));
}

/** Saves `blob` as `filename` through a download link (a navigation, not an image load). */
export function download(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in some browsers; a minute is plenty.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Units of the widget's sliders, read from its parameter panel (for widgets without exportMeta). */
function panelUnits(widget: HTMLElement): Map<string, string> {
  const units = new Map<string, string>();
  for (const row of widget.querySelectorAll<HTMLElement>('.control[data-key]')) {
    units.set(row.dataset['key']!, row.querySelector('.control-unit-short')?.textContent?.trim() ?? '');
  }
  return units;
}

export function exportMeta(widget: ExportableWidget): ExportMeta {
  if (widget.exportMeta) return { widget: widget.id, ...widget.exportMeta() };
  const state = widget.getState?.() as Record<string, unknown> | undefined;
  const units = panelUnits(widget);
  const params: Record<string, ParamValue> = {};
  for (const [name, value] of numericLeaves(state)) {
    if (name === 'version') continue;
    const key = name.split('.').pop()!;
    params[name] = { value, unit: units.get(name) ?? units.get(key) ?? '' };
  }
  const model = typeof state?.['model'] === 'string' ? state['model'] : widget.localName;
  return { widget: widget.id, model, params };
}

/** Makes the file of `format` for `widget` and saves it; returns the file name. */
export async function exportWidget(widget: ExportableWidget, format: ExportFormat, pathname = location.pathname): Promise<string> {
  const name = fileName(pathname, widget.id, format);
  if (format === 'csv' || format === 'json') {
    const tables = widget.exportTables();
    if (tables.every((t) => t.rows.length === 0)) throw new Error('This plot has no data yet.');
    const text = format === 'csv' ? tablesToCsv(tables) : toJson(tables, exportMeta(widget));
    download(name, new Blob([text], { type: format === 'csv' ? 'text/csv;charset=utf-8' : 'application/json' }));
    return name;
  }
  const figure = figureSvg(widget);
  const blob = format === 'svg' ? new Blob([figure.svg], { type: 'image/svg+xml' }) : await figurePng(figure);
  download(name, blob);
  return name;
}
