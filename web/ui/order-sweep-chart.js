// One figure for n-gram models of orders 1 to 8: accuracy (validation bits
// per character), sparsity (the share of validation n-grams never seen in
// training) and memory, as three bands over one shared axis of orders, each
// band with its own scale (bits, a share, bytes on a log scale), since no
// one scale holds all three. Drawn in CSS pixels at the width it is shown
// (a 640-unit drawing shrunk onto a phone would print 6 px text), and
// redrawn from scratch as each order arrives.
import { formatBytes, formatFixed, formatPercent } from './format.js';
import { niceStep, svgNode as node } from './svg.js';

const PAD = { left: 58, right: 16, top: 4, bottom: 46 };
const BAND = { title: 20, height: 92, gap: 16 };
const KB = 1024;
// Labels of the memory axis: 1 KB, 10 KB, 100 KB, then 1 MB, 10 MB..., 1 GB: round numbers in the
// units the readout uses (1 MB is 1,024 KB, a hundredth of a decade off the grid: too little to see).
const UNITS = ['KB', 'MB', 'GB'];
const memoryTick = (decade) => {
  const unit = Math.min(UNITS.length - 1, Math.max(0, Math.floor(decade / 3)));
  return { bytes: 10 ** (decade - 3 * unit) * KB ** (unit + 1), label: `${10 ** (decade - 3 * unit)} ${UNITS[unit]}` };
};
// Fewer labels than this many pixels apart would overlap.
const MIN_TICK_GAP = 14;
// Below this width (px) the axis title takes its short form.
const NARROW = 440;

// row: { order, bpc, ppl, ngrams, memoryBytes, unseenShare }
export const SWEEP_SERIES = [
  { key: 'bpc', cls: 'bpc', title: 'Accuracy: val bits per character', scale: 'linear', format: (v) => formatFixed(v, 2),
    describe: (v) => `${formatFixed(v, 3)} bits per character` },
  { key: 'unseenShare', cls: 'unseen', title: 'Sparsity: val n-grams never seen', scale: 'share', format: formatPercent,
    describe: (v) => `${formatPercent(v)} of the validation n-grams never seen in training` },
  { key: 'memoryBytes', cls: 'memory', title: 'Memory used (log scale)', scale: 'log', format: formatBytes,
    describe: (v) => `${formatBytes(v)} of memory` },
];

// -> { y(value) in 0..1 from the bottom, ticks: [{ value, label }] } for a band's scale.
function scaleOf(series, values) {
  if (series.scale === 'log') {
    const kb = values.map((v) => v / KB);
    const low = Math.floor(Math.log10(Math.min(...kb)));
    const high = Math.max(low + 1, Math.ceil(Math.log10(Math.max(...kb))));
    // Every decade if they fit, else every other one.
    const every = BAND.height / (high - low) >= MIN_TICK_GAP ? 1 : 2;
    const ticks = [];
    for (let d = high; d >= low; d -= every) {
      const { bytes, label } = memoryTick(d);
      ticks.push({ value: bytes, label });
    }
    return { y: (v) => (Math.log10(v / KB) - low) / (high - low), ticks };
  }
  let low = series.scale === 'share' ? 0 : Math.min(...values);
  let high = Math.max(...values, series.scale === 'share' ? 0.1 : low + 0.1);
  const step = niceStep(high - low || 1, 3);
  low = Math.floor(low / step) * step;
  high = Math.ceil(high / step) * step;
  const ticks = [];
  for (let t = low; t <= high + step / 2; t += step) {
    const value = Number(t.toPrecision(10));
    ticks.push({ value, label: series.format(value) });
  }
  return { y: (v) => (v - low) / (high - low), ticks };
}

// svg: the chart's element; orders: every order the run will measure; rows: those measured so far;
// unit: the tokens the models read ({ many: 'characters' }), for the axis title.
export function drawOrderSweep(svg, orders, rows, unit) {
  const width = Math.max(300, Math.round(svg.clientWidth || 640));
  const height = PAD.top + SWEEP_SERIES.length * (BAND.title + BAND.height) + (SWEEP_SERIES.length - 1) * BAND.gap + PAD.bottom;
  const plotW = width - PAD.left - PAD.right;
  const span = Math.max(1, orders.length - 1);
  const x = (order) => PAD.left + ((orders.indexOf(order)) / span) * plotW;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const children = [];

  SWEEP_SERIES.forEach((series, i) => {
    const top = PAD.top + i * (BAND.title + BAND.height + BAND.gap) + BAND.title;
    const bottom = top + BAND.height;
    children.push(node('text', { x: PAD.left, y: top - 7, class: `band-title ${series.cls}` }, series.title));
    children.push(node('rect', { x: PAD.left, y: top, width: plotW, height: BAND.height, class: 'plot-area' }));
    for (const order of orders) {
      children.push(node('line', { x1: x(order), x2: x(order), y1: top, y2: bottom, class: 'grid' }));
    }
    const finite = rows.filter((row) => Number.isFinite(row[series.key]) && (series.scale !== 'log' || row[series.key] > 0));
    if (!finite.length) return;
    const scale = scaleOf(series, finite.map((row) => row[series.key]));
    const y = (value) => bottom - scale.y(value) * BAND.height;
    for (const { value, label } of scale.ticks) {
      children.push(node('line', { x1: PAD.left, x2: PAD.left + plotW, y1: y(value), y2: y(value), class: 'grid' }));
      children.push(node('text', { x: PAD.left - 6, y: y(value) + 4, class: 'tick', 'text-anchor': 'end' }, label));
    }
    // A line through consecutive measured orders; an order without a finite value (∞ without smoothing) breaks it.
    let run = [];
    const flush = () => {
      if (run.length > 1) children.push(node('polyline', { points: run.join(' '), class: `line ${series.cls}` }));
      run = [];
    };
    for (const row of rows) {
      const value = row[series.key];
      if (!finite.includes(row)) {
        flush();
        if (value === Infinity) {
          children.push(node('text', { x: x(row.order), y: top + 14, class: `infinite ${series.cls}`, 'text-anchor': 'middle' }, '∞'));
        }
        continue;
      }
      run.push(`${x(row.order).toFixed(1)},${y(value).toFixed(1)}`);
    }
    flush();
    const best = series.key === 'bpc' ? finite.reduce((a, b) => (b.bpc < a.bpc ? b : a)) : null;
    for (const row of finite) {
      const dot = node('circle', {
        cx: x(row.order).toFixed(1), cy: y(row[series.key]).toFixed(1), r: row === best ? 5.5 : 4,
        class: `dot ${series.cls}${row === best ? ' best' : ''}`, 'data-series': series.cls, 'data-order': row.order, 'data-value': row[series.key],
      });
      dot.append(node('title', {}, `order ${row.order}: ${series.describe(row[series.key])}`));
      children.push(dot);
    }
    if (best) {
      const anchor = best.order === orders[orders.length - 1] ? 'end' : best.order === orders[0] ? 'start' : 'middle';
      children.push(node('text', { x: x(best.order), y: y(best.bpc) - 10, class: 'best-label', 'text-anchor': anchor }, 'best'));
    }
  });

  const axisY = height - PAD.bottom;
  for (const order of orders) {
    children.push(node('text', { x: x(order), y: axisY + 17, class: 'tick', 'text-anchor': 'middle' }, String(order)));
  }
  // The axis title under the whole figure, shorter where a phone leaves no room for the long one.
  const title = width >= NARROW ? `n-gram order n (it reads the last n − 1 ${unit.many})` : `order n (it reads n − 1 ${unit.many})`;
  children.push(node('text', { x: width / 2, y: height - 8, class: 'axis-title', 'text-anchor': 'middle' }, title));
  svg.replaceChildren(...children);
}
