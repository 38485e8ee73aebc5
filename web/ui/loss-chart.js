// A small SVG line chart of training and validation loss against the step,
// redrawn from scratch on each progress report (a few hundred points at most),
// at the width it is shown (svg.js).
import { fitChart, shownWidth, svgNode as node } from './svg.js';

const WIDE = 400;  // px, the width drawn at while the chart is hidden
const H = 180;
const PAD = { left: 38, right: 10, top: 10, bottom: 24 };

// points: [{ step, trainLoss, valLoss }] (valLoss < 0: not evaluated yet).
export function drawLossChart(svg, points, totalSteps) {
  const W = shownWidth(svg, WIDE);
  fitChart(svg, W, H, () => drawLossChart(svg, points, totalSteps));
  const train = points.filter((p) => Number.isFinite(p.trainLoss) && p.trainLoss > 0);
  const val = [];
  // Validation loss only changes at an evaluation; keep one point per new value.
  for (const p of points) {
    if (!(p.valLoss >= 0) || !Number.isFinite(p.valLoss)) continue;
    if (!val.length || val[val.length - 1].valLoss !== p.valLoss) val.push(p);
  }
  const losses = [...train.map((p) => p.trainLoss), ...val.map((p) => p.valLoss)];
  const children = [];
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  children.push(node('rect', { x: PAD.left, y: PAD.top, width: plotW, height: plotH, class: 'plot-area' }));

  if (losses.length) {
    // The first losses (near ln |V|) dwarf the rest; the axis still starts at them so the drop is visible.
    let top = Math.max(...losses);
    let bottom = Math.min(...losses);
    if (top - bottom < 0.2) { top += 0.1; bottom -= 0.1; }
    bottom = Math.max(0, bottom - (top - bottom) * 0.05);
    const x = (step) => PAD.left + (Math.min(step, totalSteps) / Math.max(1, totalSteps)) * plotW;
    const y = (loss) => PAD.top + (1 - (loss - bottom) / (top - bottom)) * plotH;

    for (let i = 0; i <= 4; i++) {
      const loss = bottom + ((top - bottom) * i) / 4;
      const py = y(loss);
      children.push(node('line', { x1: PAD.left, x2: W - PAD.right, y1: py, y2: py, class: 'grid' }));
      children.push(node('text', { x: PAD.left - 4, y: py + 3, class: 'tick', 'text-anchor': 'end' }, loss.toFixed(2)));
    }
    const line = (list, key, cls) => {
      if (!list.length) return;
      const d = list.map((p) => `${x(p.step).toFixed(1)},${y(p[key]).toFixed(1)}`).join(' ');
      children.push(node('polyline', { points: d, class: cls }));
      for (const p of list.length <= 40 ? list : []) {
        children.push(node('circle', { cx: x(p.step).toFixed(1), cy: y(p[key]).toFixed(1), r: 2.2, class: `${cls} dot` }));
      }
    };
    line(train, 'trainLoss', 'train');
    line(val, 'valLoss', 'val');
  }
  children.push(node('text', { x: PAD.left, y: H - 6, class: 'tick', 'text-anchor': 'start' }, '0'));
  children.push(node('text', { x: W - PAD.right, y: H - 6, class: 'tick', 'text-anchor': 'end' }, `${totalSteps} steps`));
  svg.replaceChildren(...children);
}
