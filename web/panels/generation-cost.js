// "What does one more token cost?": times generation in the model worker at
// growing context lengths and draws the plot and the table as each length is
// timed. State: store.generationCost.
import { isTraining } from '../store.js';
import { bindControl } from '../ui/bind.js';
import { byIdIn } from '../ui/dom.js';
import { formatMs } from '../ui/format.js';
import { describeRow, drawGenerationCost, renderGenerationCostTable } from '../ui/generation-cost-chart.js';
import { failureText, showMessage } from '../ui/messages.js';
import { sampledUnit } from '../ui/tokenizers.js';
import { isWorkerReplaced } from '../ui/worker-client.js';

// Tokens timed after each context length, the most the core allows: without
// cross-origin isolation the browser's clock ticks every 0.1 ms, so 64 tokens
// of the LSTM's ~16 µs read to within about 10% (32 would be 20%).
const GENCOST_TOKENS = 64;
const MEASURING = 'Measuring in this tab (in the model worker)…';

export function mountGenerationCost(root, store, worker) {
  const $ = byIdIn(root);
  const ui = {
    panel: $('gencost-panel'), unit: $('gencost-unit'), max: $('gencost-max'), measure: $('gencost-measure'),
    status: $('gencost-status'), error: $('gencost-error'),
    placeholder: $('gencost-placeholder'), figure: $('gencost-figure'),
    chart: $('gencost-chart'), readout: $('gencost-readout'), tableBody: $('gencost-table').tBodies[0],
  };
  bindControl(store, ui.max, 'generationCost', 'maxContext', { parse: Number });
  const merge = (fields) => store.merge('generationCost', fields);

  // While a model trains, the measurement is refused, not queued: the worker
  // does one job at a time, so it would wait behind the whole training (minutes
  // for a neural one) with nothing to show, and figures taken on a CPU that is
  // busy training would not be clean. The other order is fine: a Train pressed
  // during a measurement waits in the worker's queue for the few seconds left.
  async function measure() {
    if (isTraining(store.state)) {
      merge({ error: 'A model is training: measure once it has finished. The model worker does one job at a time, and a training running alongside would slow the measurement and spoil its figures.' });
      return;
    }
    const startedAt = performance.now();
    merge({ error: '', measuring: true, status: MEASURING });
    try {
      const reply = await worker.request('generationCost', { options: { maxContext: store.state.generationCost.maxContext, tokens: GENCOST_TOKENS } }, {
        onProgress: ({ contexts, rows }) => merge({ contexts, rows, status: `${MEASURING} ${rows.length} of ${contexts.length} context lengths` }),
      });
      merge({
        contexts: reply.rows.map((row) => row.n),
        rows: reply.rows,
        measured: store.state.generationCost.measured + 1,
        status: `Measured in ${formatMs(performance.now() - startedAt)}: at each n, the median of 3 runs of ${GENCOST_TOKENS} tokens. Hover over a point for its values.`,
      });
    } catch (error) {
      const restarted = isWorkerReplaced(error);
      merge({ status: '', error: restarted ? 'Could not measure: the model worker was restarted; press Measure again.' : failureText('measure', error) });
    } finally {
      merge({ measuring: false });
    }
  }

  store.watch(['generationCost'], ({ generationCost: cost }, previous) => {
    ui.measure.disabled = cost.measuring;
    ui.panel.setAttribute('aria-busy', String(cost.measuring));
    ui.status.textContent = cost.status;
    showMessage(ui.error, cost.error);
    if (cost.measured) ui.panel.dataset.measured = String(cost.measured);
    if (cost.rows === previous.generationCost.rows || !cost.rows.length) return;
    ui.placeholder.hidden = true;
    ui.figure.hidden = false;
    drawGenerationCost(ui.chart, ui.readout, cost.contexts, cost.rows);
    renderGenerationCostTable(ui.tableBody, cost.contexts, cost.rows);
    ui.readout.textContent = describeRow(cost.rows[cost.rows.length - 1]);
  });
  // "(here, a character)": the token of the model on the page, like every other label.
  const renderUnit = (state) => {
    ui.unit.textContent = sampledUnit(state).one;
  };
  store.watch(['model', 'train'], renderUnit);
  renderUnit(store.state);
  ui.measure.addEventListener('click', measure);
  return { measure };
}
