// One line of the exposure measurement as a plot: the loss of each true token
// along the line, once after the true prefix (teacher forcing) and once after
// the model's own text, in nats. The prompt's tokens, read by both, are a
// shaded band at the start; the true tokens label the positions when they fit,
// else every few positions get their number. A loss of ∞ (probability 0, a
// model without smoothing) is a mark at the top that breaks its line. Drawn
// at the width it is shown (svg.js).
import { formatFixed, formatNumber, tokenLabel } from './format.js';
import { fitChart, niceStep, shownWidth, svgNode as node } from './svg.js';

const WIDE = 640;  // px, the width drawn at while the figure is hidden
const HEIGHT = 250;
const PAD = { left: 44, right: 12, top: 26, bottom: 48 };
// A token label needs about this many px per character (11 px monospace) and some air.
const CHAR_PX = 7;
const LABEL_AIR = 4;
// Position numbers at least this far apart (px).
const MIN_NUMBER_GAP = 34;
// Below this width (px) the axis title takes its short form.
const NARROW = 440;

export const EXPOSURE_SERIES = [
  { key: 'forcedNll', cls: 'forced', name: 'after the true text (teacher forcing)' },
  { key: 'ownNll', cls: 'own', name: 'after its own text' },
];

// line: one report of model.exposure ({ prompt, steps }).
export function drawExposure(svg, line) {
  const W = shownWidth(svg, WIDE);
  fitChart(svg, W, HEIGHT, () => drawExposure(svg, line));
  const k = line.prompt.length;
  const tokens = [...line.prompt, ...line.steps.map((step) => step.truth)];
  const plotW = W - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const band = plotW / tokens.length;
  const x = (position) => PAD.left + (position - 0.5) * band;  // positions from 1
  const values = line.steps.flatMap((step) => EXPOSURE_SERIES.map((s) => step[s.key])).filter(Number.isFinite);
  const step = niceStep(Math.max(1, ...values), 4);
  const top = Math.ceil(Math.max(1, ...values) / step) * step;
  const y = (nats) => PAD.top + plotH - (nats / top) * plotH;
  const bottom = PAD.top + plotH;
  const children = [node('rect', { x: PAD.left, y: PAD.top, width: plotW, height: plotH, class: 'plot-area' })];

  if (k) {
    children.push(node('rect', { x: PAD.left, y: PAD.top, width: k * band, height: plotH, class: 'prompt-area' }));
    children.push(node('text', { x: PAD.left + 4, y: PAD.top - 6, class: 'prompt-label' }, k === 1 ? 'prompt' : `prompt (${k})`));
  }
  for (let t = 0; t <= top + step / 2; t += step) {
    const value = Number(t.toPrecision(10));
    children.push(node('line', { x1: PAD.left, x2: PAD.left + plotW, y1: y(value), y2: y(value), class: 'grid' }));
    children.push(node('text', { x: PAD.left - 6, y: y(value) + 4, class: 'tick', 'text-anchor': 'end' }, formatNumber(value)));
  }
  children.push(node('text', { x: 4, y: 12, class: 'axis-title' }, 'nats'));
  const labels = positionLabels(tokens, x, band, bottom);
  children.push(...labels.nodes);
  children.push(node('text', { x: PAD.left + plotW / 2, y: HEIGHT - 6, class: 'axis-title', 'text-anchor': 'middle' }, axisTitle(labels.byToken, W)));

  for (const series of EXPOSURE_SERIES) {
    let run = [];
    const flush = () => {
      if (run.length > 1) children.push(node('polyline', { points: run.join(' '), class: `line ${series.cls}` }));
      run = [];
    };
    line.steps.forEach((s, i) => {
      const position = k + i + 1;
      const value = s[series.key];
      if (!Number.isFinite(value)) {
        flush();
        children.push(node('text', { x: x(position), y: PAD.top + 14, class: `infinite ${series.cls}`, 'text-anchor': 'middle' }, '∞'));
        return;
      }
      run.push(`${x(position).toFixed(1)},${y(value).toFixed(1)}`);
    });
    flush();
    line.steps.forEach((s, i) => {
      const value = s[series.key];
      if (!Number.isFinite(value)) return;
      const dot = node('circle', {
        cx: x(k + i + 1).toFixed(1), cy: y(value).toFixed(1), r: series.cls === 'own' ? 3.5 : 4.5, class: `dot ${series.cls}`,
        'data-series': series.cls, 'data-position': k + i + 1, 'data-value': value,
      });
      dot.append(node('title', {}, `${tokenLabel(s.truth)} at position ${k + i + 1}, ${series.name}: ${formatFixed(value, 2)} nats`));
      children.push(dot);
    });
  }
  svg.replaceChildren(...children);
}

// The true tokens under their positions when the longest fits its band, else position numbers.
// -> { nodes, byToken: whether the tokens are shown }
function positionLabels(tokens, x, band, bottom) {
  const labels = tokens.map(tokenLabel);
  const widest = Math.max(...labels.map((label) => Array.from(label).length));
  if (widest * CHAR_PX + LABEL_AIR <= band) {
    return { byToken: true, nodes: labels.map((label, i) => node('text', { x: x(i + 1), y: bottom + 16, class: 'token-tick', 'text-anchor': 'middle' }, label)) };
  }
  const every = Math.ceil(MIN_NUMBER_GAP / band);
  const nodes = [];
  for (let position = 1; position <= tokens.length; position += every) {
    nodes.push(node('text', { x: x(position), y: bottom + 16, class: 'tick', 'text-anchor': 'middle' }, String(position)));
  }
  return { byToken: false, nodes };
}

// Shorter where a phone leaves no room for the long one.
function axisTitle(byToken, width) {
  if (!byToken) return width >= NARROW ? 'position in the line (the table below names each token)' : 'position in the line';
  return width >= NARROW ? 'position in the line: the true token there, and the loss of predicting it' : 'the true token at each position';
}
