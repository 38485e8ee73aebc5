// A neural training as it goes: the progress bar, a line of figures (the time
// left only while it runs), the loss chart in the model's unit and samples
// from the weights so far. Shown for the training under way or the last one
// that succeeded; hidden after one that failed, whose error says why.
import { byIdIn } from '../ui/dom.js';
import { formatInt, formatMs } from '../ui/format.js';
import { drawLossChart } from '../ui/loss-chart.js';
import { unitOf } from '../ui/tokenizers.js';

const PANEL_STATES = { running: 'training', paused: 'paused', stopping: 'training', done: 'done' };

export function mountTrainProgress(root, store) {
  const $ = byIdIn(root);
  const ui = {
    panel: $('progress-panel'), bar: $('progress'), text: $('progress-text'),
    chart: $('loss-chart'), unit: $('loss-unit'), preview: $('preview'),
  };
  const render = ({ training }) => {
    ui.panel.hidden = !training?.neural || training.phase === 'failed';
    if (ui.panel.hidden) return;
    const { progress } = training;
    ui.panel.dataset.state = training.ending === 'diverged' ? 'diverged' : PANEL_STATES[training.phase];
    ui.panel.dataset.step = String(progress?.step ?? 0);
    ui.bar.max = progress?.totalSteps ?? 1;
    ui.bar.value = progress?.step ?? 0;
    ui.text.textContent = progress ? progressLine(training) : 'Preparing the data…';
    ui.unit.textContent = `nats per ${unitOf(training.options.tokenizer).one}`;
    drawLossChart(ui.chart, training.points, progress?.totalSteps ?? training.options.steps);
    renderPreview(ui.preview, training.preview);
  };
  store.watch(['training'], render);
  render(store.state);
}

function progressLine(training) {
  const { step, totalSteps, trainLoss, valLoss, tokensPerS, elapsedS, stopped } = training.progress;
  const losses = `train loss ${formatLoss(trainLoss)} · val loss ${valLoss >= 0 ? formatLoss(valLoss) : '—'}`;
  const speed = `${formatInt(Math.round(tokensPerS))} tokens/s`;
  if (training.ending === 'early') {
    return `Stopped at step ${formatInt(training.stepsDone)} of ${formatInt(totalSteps)} · ${speed} · ${losses}`;
  }
  // Only a training that is running has a time left.
  const rate = step > 0 ? elapsedS / step : 0;
  const eta = training.phase === 'running' && step < totalSteps && rate > 0
    ? ` · about ${formatMs((totalSteps - step) * rate * 1000)} left` : '';
  return `Step ${step} / ${totalSteps}${eta} · ${speed} · ${losses}${stopped ? ` · stopped: ${stopped}` : ''}`;
}

function formatLoss(loss) {
  return Number.isFinite(loss) ? loss.toFixed(3) : String(loss);
}

function renderPreview(list, preview) {
  if (!preview) {
    list.replaceChildren();
    return;
  }
  const label = document.createElement('li');
  label.className = 'preview-step';
  label.textContent = `at step ${preview.step}:`;
  const items = preview.samples.map((text) => {
    const item = document.createElement('li');
    item.textContent = text;
    return item;
  });
  list.replaceChildren(label, ...items);
}
