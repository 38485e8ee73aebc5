// The cost of one more generated token against the context length: an SVG
// plot with both axes on log scales (a cost that grows as a power of n is
// then a straight line, the steeper the higher the power; a constant is
// flat), and the same numbers as a table. Redrawn from scratch as each row arrives (a handful of
// points); rows still to come keep their place on the x axis and in the table. Drawn at
// the width it is shown (svg.js), from a phone's 300 px to a desktop's 640.
import { formatNumber } from './format.js';
import { fitChart, shownWidth, svgNode as node } from './svg.js';

const WIDE = 640;  // px, the width drawn at while the figure is hidden
// Height: about half the width, but tall enough on a phone for the decades to stay apart.
const MIN_H = 280;
const MAX_H = 330;
const PAD = { left: 62, right: 78, top: 14, bottom: 50 };
const LABEL_GAP = 13;  // px between the end labels of two lines, so they never overlap

export const SERIES = [
  { key: 'kvUs', cls: 'kv', name: 'Transformer with KV cache' },
  { key: 'recomputeUs', cls: 'recompute', name: 'Transformer recomputing the context' },
  { key: 'lstmUs', cls: 'lstm', name: 'LSTM' },
];

export function formatUs(us) {
  return `${formatNumber(us)} µs`;
}

// One row in words, for the hover readout.
export function describeRow(row) {
  return `n = ${row.n}: KV cache ${formatUs(row.kvUs)} · recomputing ${formatUs(row.recomputeUs)} `
    + `(${formatNumber(row.recomputeUs / row.kvUs)}× the cache) · LSTM ${formatUs(row.lstmUs)}`;
}

// A tick of the µs axis: 10k, 100k and 1M rather than 10,000 ... 1,000,000,
// which would run into the axis title on a busy machine's slow recomputing.
function tickLabel(us) {
  if (us >= 1e6) return `${formatNumber(us / 1e6)}M`;
  return us >= 1e4 ? `${formatNumber(us / 1e3)}k` : formatNumber(us);
}

// Decades that hold every value, at least 10 µs to 10,000 µs before any row
// arrives so the empty plot already reads as a log scale.
function decades(rows) {
  const values = rows.flatMap((row) => SERIES.map((s) => row[s.key])).filter((v) => v > 0);
  if (!values.length) return { low: 1, high: 4 };
  const low = Math.floor(Math.log10(Math.min(...values)));
  const high = Math.max(low + 1, Math.ceil(Math.log10(Math.max(...values))));
  return { low, high };
}

// contexts: every n that will be measured; rows: [{ n, kvUs, recomputeUs, lstmUs }] so far.
// readout: element whose text names the row of the point under the pointer.
export function drawGenerationCost(svg, readout, contexts, rows) {
  const W = shownWidth(svg, WIDE);
  const H = Math.round(Math.min(MAX_H, Math.max(MIN_H, W * 0.52)));
  fitChart(svg, W, H, () => drawGenerationCost(svg, readout, contexts, rows));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const first = Math.log2(contexts[0]);
  const span = Math.max(1, Math.log2(contexts[contexts.length - 1]) - first);
  const x = (n) => PAD.left + ((Math.log2(n) - first) / span) * plotW;
  const { low, high } = decades(rows);
  const y = (us) => PAD.top + (1 - (Math.log10(us) - low) / (high - low)) * plotH;
  const children = [node('rect', { x: PAD.left, y: PAD.top, width: plotW, height: plotH, class: 'plot-area' })];

  for (let d = low; d <= high; d++) {
    const py = y(10 ** d);
    children.push(node('line', { x1: PAD.left, x2: PAD.left + plotW, y1: py, y2: py, class: 'grid' }));
    children.push(node('text', { x: PAD.left - 6, y: py + 4, class: 'tick', 'text-anchor': 'end' }, tickLabel(10 ** d)));
    if (d === high) break;
    for (const m of [2, 5]) {
      const my = y(m * 10 ** d);
      children.push(node('line', { x1: PAD.left, x2: PAD.left + plotW, y1: my, y2: my, class: 'grid minor' }));
    }
  }
  for (const n of contexts) {
    const px = x(n);
    children.push(node('line', { x1: px, x2: px, y1: PAD.top, y2: PAD.top + plotH, class: 'grid' }));
    children.push(node('text', { x: px, y: PAD.top + plotH + 16, class: 'tick', 'text-anchor': 'middle' }, String(n)));
  }
  children.push(node('text', { x: PAD.left + plotW / 2, y: H - 8, class: 'axis-title', 'text-anchor': 'middle' },
    'context length n, in tokens (log scale)'));
  const yTitle = PAD.top + plotH / 2;
  children.push(node('text', { x: 14, y: yTitle, class: 'axis-title', 'text-anchor': 'middle', transform: `rotate(-90 14 ${yTitle})` },
    'µs per generated token (log scale)'));

  const labels = [];
  for (const series of SERIES) {
    const points = rows.map((row) => ({ row, px: x(row.n), py: y(row[series.key]) }));
    if (!points.length) continue;
    children.push(node('polyline', {
      points: points.map((p) => `${p.px.toFixed(1)},${p.py.toFixed(1)}`).join(' '),
      class: `line ${series.cls}`,
      'data-series': series.cls,
    }));
    for (const { row, px, py } of points) {
      const dot = node('circle', { cx: px.toFixed(1), cy: py.toFixed(1), r: 4, class: `dot ${series.cls}`, tabindex: 0 });
      dot.append(node('title', {}, `${series.name}, n = ${row.n}: ${formatUs(row[series.key])} per token`));
      const show = () => { readout.textContent = describeRow(row); };
      dot.addEventListener('mouseenter', show);
      dot.addEventListener('focus', show);
      children.push(dot);
    }
    const last = points[points.length - 1];
    labels.push({ series, px: last.px, py: last.py, text: formatUs(last.row[series.key]) });
  }
  // The latest value of each line beside its last point, nudged apart where two lines meet.
  labels.sort((a, b) => a.py - b.py);
  for (let i = 1; i < labels.length; i++) labels[i].py = Math.max(labels[i].py, labels[i - 1].py + LABEL_GAP);
  for (const label of labels) {
    children.push(node('text', { x: label.px + 8, y: label.py + 4, class: `end-label ${label.series.cls}` }, label.text));
  }
  svg.replaceChildren(...children);
}

// tbody: the table's body, one row per context length; '…' where not measured yet.
export function renderGenerationCostTable(tbody, contexts, rows) {
  const byN = new Map(rows.map((row) => [row.n, row]));
  tbody.replaceChildren(...contexts.map((n) => {
    const row = byN.get(n);
    const tr = document.createElement('tr');
    const cells = row
      ? [String(n), ...SERIES.map((s) => formatNumber(row[s.key])), `${formatNumber(row.recomputeUs / row.kvUs)}×`]
      : [String(n), '…', '…', '…', ''];
    for (const [i, text] of cells.entries()) {
      const td = document.createElement('td');
      td.className = i === 0 ? '' : 'num';
      td.textContent = text;
      tr.append(td);
    }
    if (!row) tr.className = 'pending';
    return tr;
  }));
}
