// "Models compared": every model trained in this page session, ranked by
// validation bits per character among those trained on the same text with
// the same held-out part (the only ones whose figures can be compared).
// A figure that is not a fair score (a Transformer that saw the answers, a
// vocabulary that reads much of the text as <unk>) is marked with its reason
// and never ranked best. A model opened from a file is compared with those
// opened from the same file name only: its training text is not in the file.
// Bounded: the last MAX_ROWS.
import { stepsDone, describeModel } from '../ui/describe-model.js';
import { byIdIn } from '../ui/dom.js';
import { formatFixed, formatInt, formatPercent } from '../ui/format.js';
import { describeTokenizer, unitOf } from '../ui/tokenizers.js';

const MAX_ROWS = 10;
// Above this share of <unk> among the validation tokens, bits per character
// flatter the model: an <unk> is scored as one token, never spelled out.
const MAX_FAIR_OOV_RATE = 0.01;

// Why a model's validation bits per character are not a fair score, or null.
export function unfairReason(options, val) {
  const unit = unitOf(options.tokenizer);
  if (options.model === 'transformer' && options.causal === false) {
    return `trained without the causal mask, it saw each ${unit.one} it had to predict`;
  }
  if (val && val.oovRate > MAX_FAIR_OOV_RATE) {
    return `${formatPercent(val.oovRate)} of its validation ${unit.many} are <unk>, each scored as one ${unit.one} `
      + 'without spelling out its characters';
  }
  return null;
}

// Models are comparable when they saw the same training text and were measured on the same held-out part.
function rowOf(model) {
  const { valFraction, valSplit, ...options } = model.options;
  const { report, stats } = model.reply;
  const val = report.hasVal ? report.val : null;
  const steps = stepsDone(model);
  return {
    group: `${valSplit}:${valFraction}:${model.source.key}`,
    groupLabel: `${model.source.label}, ${valFraction * 100}% held out`,
    id: JSON.stringify({ ...options, steps }),
    tokenizer: describeTokenizer(options),
    vocab: stats.vocabSize,
    model: describeModel(model.options, steps),
    bpc: val?.bpc ?? NaN,
    ppl: val?.ppl ?? NaN,
    tokensPerChar: val?.tokensPerChar ?? NaN,
    oovRate: val?.oovRate ?? NaN,
    unfair: unfairReason(model.options, val),
    file: model.file ?? null,
  };
}

export function mountComparison(root, store) {
  const $ = byIdIn(root);
  const table = $('compare-table');
  // Each cell carries its column's header: a narrow screen shows it as the cell's label.
  const labels = [...table.tHead.rows[0].cells].map((th) => th.textContent);
  const ui = { body: table.tBodies[0], labels, corpus: $('compare-corpus'), info: $('compare-info') };
  // A new model gets its row (the same model trained again replaces its own); a restored one is already there.
  store.watch(['model'], ({ model, comparison }) => {
    if (!model || model.restored) return;
    const row = rowOf(model);
    store.update({
      comparison: {
        rows: comparison.rows.filter((r) => r.group !== row.group || r.id !== row.id).concat(row).slice(-MAX_ROWS),
        current: { group: row.group, id: row.id, groupLabel: row.groupLabel },
      },
    });
  });
  $('compare-clear').addEventListener('click', () => store.merge('comparison', { rows: [] }));
  const render = ({ comparison }) => renderTable(ui, comparison);
  store.watch(['comparison'], render);
  render(store.state);
}

const ranked = (row) => (Number.isFinite(row.bpc) ? row.bpc : Infinity);

function renderTable(ui, { rows: all, current }) {
  // Fair scores first, lowest first; then the rest, which are not ranked.
  const rows = all.filter((r) => r.group === current?.group)
    .sort((a, b) => Number(Boolean(a.unfair)) - Number(Boolean(b.unfair)) || ranked(a) - ranked(b));
  const best = rows.length > 1 && !rows[0].unfair && Number.isFinite(rows[0].bpc) ? rows[0] : null;
  ui.corpus.textContent = current?.groupLabel ?? 'this text';
  ui.body.replaceChildren(...rows.map((r) => tableRow(r, r === best, r.group === current?.group && r.id === current?.id, ui.labels)));
  const others = all.length - rows.length;
  const parts = [rows.length ? `${rows.length} model${rows.length === 1 ? '' : 's'} on this text` : 'No models yet: press Train.'];
  if (others > 0) parts.push(`${others} on other texts or splits not shown`);
  parts.push(`the last ${MAX_ROWS} are kept`);
  ui.info.textContent = parts.join(' · ');
}

function tableRow(r, isBest, isCurrent, labels) {
  const tr = document.createElement('tr');
  tr.classList.toggle('best', isBest);
  tr.classList.toggle('current', isCurrent);
  tr.classList.toggle('not-comparable', Boolean(r.unfair));
  const cell = (text, className = '') => {
    const td = document.createElement('td');
    td.textContent = text;
    td.className = className;
    td.dataset.label = labels[tr.cells.length];
    tr.append(td);
    return td;
  };
  cell(r.tokenizer);
  cell(formatInt(r.vocab), 'num');
  const model = cell(r.model, 'model-cell');
  if (isCurrent) model.append(tag('current', 'the model now loaded'));
  if (r.file) model.append(note(`Opened from ${r.file}.`, 'opened-from'));
  if (r.unfair) model.append(note(`Not comparable: ${r.unfair}.`, 'unfair-reason'));
  const bpc = cell(formatFixed(r.bpc, 3), 'num bpc');
  if (isBest) bpc.prepend(tag('best', 'lowest bits per character on this text'));
  if (r.unfair) bpc.prepend(tag('not comparable', r.unfair, 'unfair'));
  cell(formatFixed(r.ppl, 2), 'num');
  cell(formatFixed(r.tokensPerChar, 3), 'num');
  cell(formatPercent(r.oovRate), 'num');
  return tr;
}

// A line of its own under the model's name.
function note(text, className) {
  const span = document.createElement('span');
  span.className = className;
  span.textContent = text;
  return span;
}

function tag(text, title, className = '') {
  const span = document.createElement('span');
  span.className = `tag ${className}`.trim();
  span.textContent = text;
  span.title = title;
  return span;
}
