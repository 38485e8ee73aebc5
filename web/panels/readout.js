// Step 2, "How well does it predict?": the figures of the model the worker
// holds (store.model), in its unit, and its n-gram statistics per order. For
// a model opened from a file, what the file does not hold is said to be missing.
import { isNeural } from '../options.js';
import { isTraining } from '../store.js';
import { describeModel, ORDER_NAMES, stepsDone } from '../ui/describe-model.js';
import { byIdIn } from '../ui/dom.js';
import { formatBytes, formatCount, formatFixed, formatInt, formatMs, formatNumber, formatPercent } from '../ui/format.js';
import { describeTokenizer, unitOf } from '../ui/tokenizers.js';

function setText($, id, text) {
  $(id).textContent = text;
}

export function mountReadout(root, store) {
  const $ = byIdIn(root);
  const panel = $('readout-panel');
  store.watch(['training'], (state) => panel.setAttribute('aria-busy', String(isTraining(state))));
  store.watch(['model'], ({ model }) => {
    if (model) renderReadout($, model);
  });
}

function renderReadout($, model) {
  const { options } = model;
  const { report, stats, ms, corpus } = model.reply;
  const val = report.val;
  const hasVal = report.hasVal && val.tokens > 0;
  const unit = unitOf(options.tokenizer);

  const origin = model.file ? `opened from ${model.file}` : model.source.label;
  setText($, 'model-name', `${describeModel(options, stepsDone(model))} · ${describeTokenizer(options)} · ${origin}`);
  // A model file keeps neither its training text nor how long it trained.
  setText($, 'corpus-size', corpus ? `${formatBytes(corpus.bytes)}, ${formatCount(corpus.lines, 'line')}` : 'training text not in the file');

  setText($, 'ppl', hasVal ? formatFixed(val.ppl, 2) : '—');
  setText($, 'bpc', hasVal ? formatFixed(val.bpc, 3) : '—');
  setText($, 'nll', hasVal ? formatFixed(val.nllPerToken, 3) : '—');
  setText($, 'train-tokens', formatInt(report.trainTokens));
  setText($, 'val-tokens', formatInt(report.valTokens));
  setText($, 'unk', hasVal ? formatInt(val.unk) : '—');
  // A neural model stores weights, not counts.
  setText($, 'params-label', isNeural(options) ? 'Weights' : 'Stored n-grams');
  setText($, 'params', formatInt(report.params));
  setText($, 'memory', `${(stats.memoryBytes / (1024 * 1024)).toFixed(stats.memoryBytes < 10 << 20 ? 2 : 1)} MB`);
  setText($, 'vocab', formatInt(stats.vocabSize));
  setText($, 'tokenizer-name', describeTokenizer(options));
  setText($, 'tokens-per-char', hasVal ? formatFixed(val.tokensPerChar, 3) : '—');
  setText($, 'oov-rate', hasVal ? formatPercent(val.oovRate) : '—');
  setText($, 'train-ms', ms === null ? 'not in the file' : formatMs(ms));
  $('train-ms').classList.toggle('missing', ms === null);
  setText($, 'vocab-in-note', formatInt(stats.vocabSize));

  const note = $('ppl-note');
  note.hidden = true;
  if (!hasVal) {
    note.hidden = false;
    note.textContent = 'Nothing was held out (validation fraction 0), so there is no unseen text to measure perplexity on. Set a fraction such as 0.1 and train again.';
  } else if (!Number.isFinite(val.ppl)) {
    note.hidden = false;
    note.textContent = `Perplexity is infinite (∞): ${formatInt(val.zeroProb)} of the ${formatCount(val.tokens, `validation ${unit.one}`, `validation ${unit.many}`)} `
      + `got probability 0. Without smoothing, a ${unit.one} that never followed its context in the training text gets probability 0, `
      + 'and one 0 makes the probability of the whole validation text 0 (−log 0 = ∞). Add-k or Kneser-Ney smoothing keeps some probability for unseen n-grams.';
  } else if (val.unk > 0) {
    note.hidden = false;
    note.textContent = `${formatCount(val.unk, `validation ${unit.one}`, `validation ${unit.many}`)} ${val.unk === 1 ? 'is' : 'are'} not in the vocabulary; the model reads ${val.unk === 1 ? 'it' : 'them'} as ‹unknown›.`;
  }

  $('ngram-section').hidden = isNeural(options);
  if (!isNeural(options)) renderStats($, stats, options, hasVal);
}

function renderStats($, stats, options, hasVal) {
  const body = $('ngram-stats').tBodies[0];
  const usesDiscounts = options.smoothing === 'kn';
  let anyFellBack = false;
  const rows = stats.orders.map((s) => {
    const row = document.createElement('tr');
    const cell = (text, className) => {
      const td = document.createElement('td');
      td.textContent = text;
      if (className) td.className = className;
      row.append(td);
      return td;
    };
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = String(s.order);
    th.title = ORDER_NAMES[s.order] ?? '';
    row.append(th);
    cell(formatInt(s.distinctNgrams), 'num');

    const unseen = cell('', 'num unseen');
    if (hasVal && Number.isFinite(s.valUnseenShare)) {
      const bar = document.createElement('span');
      bar.className = 'mini-bar';
      bar.style.width = `${Math.min(100, s.valUnseenShare * 100)}%`;
      const text = document.createElement('span');
      text.textContent = formatPercent(s.valUnseenShare);
      unseen.append(bar, text);
    } else {
      unseen.textContent = '—';
    }

    for (const d of [0, 1, 2]) {
      const td = cell(usesDiscounts ? formatNumber(s.discounts[d], 3) : '—', 'num');
      if (usesDiscounts && s.discountsFellBack) {
        td.classList.add('fell-back');
        td.title = 'too few n-grams seen once or twice to estimate; the default was used';
      }
    }
    if (usesDiscounts && s.discountsFellBack) {
      anyFellBack = true;
      row.lastElementChild.textContent += ' *';
    }
    return row;
  });
  body.replaceChildren(...rows);
  $('fell-back-note').hidden = !anyFellBack;
  $('discounts-unused-note').hidden = usesDiscounts;
}
