// "Orders 1 to 8 side by side", the figure of the lesson on n-gram order:
// trains one n-gram model per order in the model worker (request 'sweep')
// on the text and with the smoothing and tokenizer chosen in step 1, and
// plots accuracy, sparsity and memory against the order, with the same
// numbers as a table. The model the page holds is left as it is: each model
// of the sweep is measured and let go. State: store.sweep.
import { corpusLabel, readCorpus } from '../corpus.js';
import { chosenOptions, OptionError } from '../options.js';
import { isTraining } from '../store.js';
import { describeSmoothing } from '../ui/describe-model.js';
import { byIdIn } from '../ui/dom.js';
import { formatBytes, formatFixed, formatInt, formatMs, formatPercent } from '../ui/format.js';
import { failureText, showMessage } from '../ui/messages.js';
import { newestRunOnly } from '../ui/newest-run.js';
import { drawOrderSweep } from '../ui/order-sweep-chart.js';
import { describeTokenizer, unitOf } from '../ui/tokenizers.js';

// The orders the lesson compares: one context character more at each.
export const SWEEP_ORDERS = [1, 2, 3, 4, 5, 6, 7, 8];

export function mountOrderSweep(root, store, worker) {
  const $ = byIdIn(root);
  const ui = {
    panel: $('sweep-panel'), run: $('sweep-run'), status: $('sweep-status'), hint: $('sweep-hint'),
    progress: $('sweep-progress'), error: $('sweep-error'), figure: $('sweep-figure'), chart: $('sweep-chart'),
    tableBody: $('sweep-table').tBodies[0],
  };
  const merge = (fields) => store.merge('sweep', fields);
  const run = newestRunOnly(merge, { what: 'train the orders', again: 'The model worker was restarted: train the orders again.' });

  // Refused while a model trains, as the generation-cost panel's Measure is: the worker does one job at a time.
  async function sweep() {
    if (isTraining(store.state)) {
      merge({ error: 'A model is training: train the orders once it has finished. The model worker does one job at a time.' });
      return;
    }
    let request;
    try {
      // The controls' options for an n-gram, whatever model step 1 shows; the order is the sweep's.
      const { order, ...options } = chosenOptions({ ...store.state.train, model: 'ngram' });
      const { label, source } = await readCorpus(store.state.corpus);
      request = { label, options, source };
    } catch (error) {
      if (!(error instanceof OptionError)) throw error;
      merge({ error: failureText('train the orders', error) });
      return;
    }
    await run(async (isCurrent) => {
      const startedAt = performance.now();
      const trainedOn = { label: request.label, options: request.options };
      merge({ running: true, orders: SWEEP_ORDERS, rows: [], trainedOn, error: '', status: progressText(0) });
      const reply = await worker.request('sweep', { source: request.source, options: request.options, orders: SWEEP_ORDERS }, {
        onProgress: ({ rows }) => {
          if (isCurrent()) merge({ rows, status: progressText(rows.length) });
        },
      });
      if (!isCurrent() || reply.stale) return;
      merge({
        rows: reply.rows,
        runs: store.state.sweep.runs + 1,
        status: `${SWEEP_ORDERS.length} models trained in ${formatMs(performance.now() - startedAt)}. Hover over a point for its value.`,
      });
    });
  }

  const render = (state, previous) => {
    const { sweep: now } = state;
    ui.run.disabled = now.running;
    ui.status.textContent = now.status;
    showMessage(ui.error, now.error);
    ui.progress.hidden = !now.running;
    ui.progress.max = SWEEP_ORDERS.length;
    ui.progress.value = now.rows.length;
    ui.panel.setAttribute('aria-busy', String(now.running));
    ui.panel.dataset.runs = String(now.runs);
    ui.hint.textContent = hintOf(now.trainedOn ?? { label: corpusLabel(state.corpus), options: state.train });
    if (previous && now.rows === previous.sweep.rows) return;
    ui.figure.hidden = !now.rows.length;
    if (now.rows.length) draw();
    renderTable(ui.tableBody, now.orders, now.rows);
  };
  const draw = () => {
    const { orders, rows, trainedOn } = store.state.sweep;
    drawOrderSweep(ui.chart, orders, rows, unitOf(trainedOn?.options.tokenizer));
  };
  store.watch(['sweep', 'train', 'corpus'], render);
  render(store.state);
  // Drawn at the width it is shown: again when that changes (a phone turned, a window resized).
  new ResizeObserver(() => {
    if (!ui.figure.hidden) draw();
  }).observe(ui.figure);

  ui.run.addEventListener('click', sweep);
  return { sweep };
}

// The run shown, or the one the button would start: the text and step 1's n-gram options.
function hintOf({ label, options }) {
  return `One model per order on ${label}, ${describeSmoothing(options)}, reading ${describeTokenizer(options)}. `
    + 'Each is trained, measured on the held-out text and let go: the model of step 1 stays loaded.';
}

function progressText(done) {
  return done < SWEEP_ORDERS.length ? `Training order ${SWEEP_ORDERS[done]} of ${SWEEP_ORDERS.length}…` : 'Done.';
}

// One row per order; '…' for the orders still to come.
function renderTable(body, orders, rows) {
  const byOrder = new Map(rows.map((row) => [row.order, row]));
  body.replaceChildren(...orders.map((order) => {
    const row = byOrder.get(order);
    const tr = document.createElement('tr');
    const cells = row
      ? [String(order), formatFixed(row.bpc, 3), formatFixed(row.ppl, 2), formatPercent(row.unseenShare), formatInt(row.ngrams),
        formatBytes(row.memoryBytes), formatMs(row.ms)]
      : [String(order), '…', '…', '…', '…', '…', '…'];
    cells.forEach((text, i) => {
      const cell = document.createElement(i ? 'td' : 'th');
      if (i) cell.className = 'num';
      else cell.scope = 'row';
      cell.textContent = text;
      tr.append(cell);
    });
    if (!row) tr.className = 'pending';
    return tr;
  }));
}
