// "Its own text or the true one?", the figure of the lesson on teacher
// forcing: the model the page holds (request 'exposure') reads held-out lines
// of its own text, lines it never trained on, and scores each true token
// twice: after the true tokens before it (teacher forcing, as in training)
// and after its own tokens, drawn from the line's first few tokens with
// Generate's sampling settings (as in generation). One line at a time as a
// plot, the two texts and a table; the means over all lines in words.
// State: store.exposure.
import { chosenOptions, OptionError } from '../options.js';
import { EXPOSURE_PANEL, isTraining } from '../store.js';
import { bindControl } from '../ui/bind.js';
import { describeModel, stepsDone } from '../ui/describe-model.js';
import { byIdIn } from '../ui/dom.js';
import { element } from '../ui/element.js';
import { drawExposure } from '../ui/exposure-chart.js';
import { describeMeans, exposureMeans, stepRows, tokenColumns } from '../ui/exposure-text.js';
import { formatMs } from '../ui/format.js';
import { failureText, showMessage } from '../ui/messages.js';
import { newestRunOnly } from '../ui/newest-run.js';
import { sampledUnit, unitOf } from '../ui/tokenizers.js';

// Generate's settings that have no meaning here: the prompt is each line's start, the length the line's.
const NOT_FOR_EXPOSURE = ['prompt', 'maxTokens', 'count'];

export function mountExposure(root, store, worker) {
  const $ = byIdIn(root);
  const ui = {
    panel: $('exposure-panel'), lines: $('exposure-lines'), prompt: $('exposure-prompt'), promptUnit: $('exposure-prompt-unit'),
    run: $('exposure-run'), status: $('exposure-status'), hint: $('exposure-hint'), error: $('exposure-error'),
    result: $('exposure-result'), means: $('exposure-means'), line: $('exposure-line'), next: $('exposure-next'),
    pairs: $('exposure-pairs'), read: $('exposure-texts-read'), chart: $('exposure-chart'), tableBody: $('exposure-table').tBodies[0],
  };
  for (const [input, key] of [[ui.lines, 'lines'], [ui.prompt, 'promptTokens']]) {
    Object.assign(input, { min: EXPOSURE_PANEL[key].min, max: EXPOSURE_PANEL[key].max, step: 1 });
    bindControl(store, input, 'exposure', key);
  }
  const merge = (fields) => store.merge('exposure', fields);
  const run = newestRunOnly(merge, { what: 'measure', again: 'The model worker was restarted: press Measure again.' });

  // Refused while a model trains, as the other measurements are: the worker does one job at a time.
  async function measure() {
    const { model, exposure, sampling } = store.state;
    if (isTraining(store.state)) {
      merge({ error: 'A model is training: measure once it has finished. The model worker does one job at a time.' });
      return;
    }
    if (!model) {
      merge({ error: 'There is no trained model yet: press Train in step 1 first.' });
      return;
    }
    let request;
    try {
      request = { lines: counted('lines', exposure.lines), promptTokens: counted('promptTokens', exposure.promptTokens), options: samplingOf(sampling) };
    } catch (error) {
      if (!(error instanceof OptionError || error instanceof RangeError)) throw error;
      merge({ error: failureText('measure', error) });
      return;
    }
    await run(async (isCurrent) => {
      const startedAt = performance.now();
      merge({ running: true, error: '', status: 'Measuring…' });
      const reply = await worker.request('exposure', request);
      if (!isCurrent()) return;
      merge({
        result: { ...reply, promptTokens: request.promptTokens, sampling: request.options, model: describeModel(model.options, stepsDone(model)), tokenizer: model.options.tokenizer },
        shown: 0,
        runs: store.state.exposure.runs + 1,
        status: `Measured in ${formatMs(performance.now() - startedAt)}.`,
      });
    });
  }

  const render = (state, previous) => {
    const { exposure: now } = state;
    ui.run.disabled = now.running || !state.model || isTraining(state);
    ui.status.textContent = now.status;
    showMessage(ui.error, now.error);
    ui.panel.setAttribute('aria-busy', String(now.running));
    ui.panel.dataset.runs = String(now.runs);
    ui.promptUnit.textContent = `(${sampledUnit(state).many})`;
    ui.hint.textContent = hintOf(now.result, state);
    if (previous && now.result === previous.exposure.result && now.shown === previous.exposure.shown) return;
    ui.result.hidden = !now.result;
    if (!now.result) return;
    if (!previous || now.result !== previous.exposure.result) renderResult(now.result);
    renderLine(now.result, now.shown);
  };

  const renderResult = (result) => {
    ui.means.textContent = describeMeans(exposureMeans(result.lines), result.promptTokens, unitOf(result.tokenizer));
    ui.line.replaceChildren(...result.lines.map((line, i) => element('option', { value: i }, `${i + 1}. ${line.text}`)));
    ui.next.hidden = result.lines.length < 2;
  };
  const renderLine = (result, shown) => {
    const line = result.lines[shown];
    ui.line.value = String(shown);
    ui.pairs.replaceChildren(...tokenColumns(line));
    ui.read.textContent = `The true line: ${line.text}. The model's own text: ${line.ownText}.`;
    ui.tableBody.replaceChildren(...stepRows(line));
    drawExposure(ui.chart, line);
  };

  store.watch(['exposure', 'model', 'training', 'sampling'], render);
  render(store.state);

  ui.run.addEventListener('click', measure);
  ui.line.addEventListener('change', () => merge({ shown: Number(ui.line.value) }));
  ui.next.addEventListener('click', () => {
    const { result, shown } = store.state.exposure;
    merge({ shown: (shown + 1) % result.lines.length });
  });
  return { measure };
}

// Generate's sampling settings as model.exposure takes them (its own draws), checked.
function samplingOf(sampling) {
  const chosen = chosenOptions(sampling);
  for (const key of NOT_FOR_EXPOSURE) delete chosen[key];
  return chosen;
}

// A whole number within the panel's range for this setting, or a RangeError naming it.
function counted(key, value) {
  const { min, max } = EXPOSURE_PANEL[key];
  if (!Number.isInteger(value) || value < min || value > max) {
    const what = key === 'lines' ? 'the number of held-out lines' : 'the prompt length';
    throw new RangeError(`${what} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

// What was measured, or what Measure would do: the model, the lines and the draws.
function hintOf(result, state) {
  const sampling = result?.sampling ?? state.sampling;
  const draws = sampling.greedy || sampling.temperature === 0 ? 'greedy (always the most probable token)'
    : `sampled at T ${sampling.temperature}, top-k ${sampling.topK || 'off'}, top-p ${sampling.topP >= 1 ? 'off' : sampling.topP}, seed ${sampling.sampleSeed}`;
  const lines = result ? `${result.lines.length} of the ${result.heldOut} held-out lines` : 'Lines of the held-out text';
  const model = result ? `the model (${result.model})` : 'the model of step 1';
  return `${lines}, which ${model} never trained on. Each true token is scored after the true text before it, `
    + `and after the model's own text, ${draws}: the settings of Generate.`;
}
