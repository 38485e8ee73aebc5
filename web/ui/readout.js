// Fills the "how well does it predict" panel from a training reply.
import { formatBytes, formatFixed, formatInt, formatMs, formatNumber, formatPercent } from './format.js';
import { describeTokenizer, unitName } from './tokenizers.js';

const SMOOTHING_NAMES = { none: 'no smoothing', addk: 'add-k smoothing', kn: 'Kneser-Ney smoothing' };
const ORDER_NAMES = ['', 'unigram', 'bigram', 'trigram', '4-gram', '5-gram', '6-gram', '7-gram', '8-gram'];

const $ = (id) => document.getElementById(id);

function setText(id, text) {
  $(id).textContent = text;
}

const FAMILY_NAMES = { mlp: 'MLP', rnn: 'RNN', lstm: 'LSTM', gru: 'GRU', transformer: 'Transformer' };

export function isNeural(options) {
  return Boolean(options.model) && options.model !== 'ngram';
}

export function describeModel(options) {
  if (isNeural(options)) {
    const shapes = {
      mlp: () => `context ${options.context}, hidden ${options.hidden}`,
      transformer: () => `${options.layers} × ${options.embed}, ${options.heads} heads, context ${options.seqLen}` +
        `${options.positions === 'sinusoidal' ? ', sinusoidal positions' : ''}${options.causal === false ? ', NO causal mask' : ''}`,
    };
    const shape = (shapes[options.model] ?? (() => `${options.layers} × ${options.hidden}`))();
    return `${FAMILY_NAMES[options.model]} (${shape}), ${options.steps} steps`;
  }
  const k = options.smoothing === 'addk' ? ` (k = ${options.k})` : '';
  return `${ORDER_NAMES[options.order] ?? `${options.order}-gram`}, ${SMOOTHING_NAMES[options.smoothing]}${k}`;
}

export function renderReadout({ report, stats, ms, corpus, label, options }) {
  const val = report.val;
  const hasVal = report.hasVal && val.tokens > 0;

  setText('model-name', `${describeModel(options)} · ${describeTokenizer(options)} · ${label}`);
  setText('corpus-size', `${formatBytes(corpus.bytes)}, ${formatInt(corpus.lines)} lines`);

  setText('ppl', hasVal ? formatFixed(val.ppl, 2) : '—');
  setText('bpc', hasVal ? formatFixed(val.bpc, 3) : '—');
  setText('nll', hasVal ? formatFixed(val.nllPerToken, 3) : '—');
  setText('train-tokens', formatInt(report.trainTokens));
  setText('val-tokens', formatInt(report.valTokens));
  setText('unk', hasVal ? formatInt(val.unk) : '—');
  // A neural model stores weights, not counts.
  setText('params-label', isNeural(options) ? 'Weights' : 'Stored n-grams');
  setText('params', formatInt(report.params));
  setText('memory', `${(stats.memoryBytes / (1024 * 1024)).toFixed(stats.memoryBytes < 10 << 20 ? 2 : 1)} MB`);
  setText('vocab', formatInt(stats.vocabSize));
  setText('tokenizer-name', describeTokenizer(options));
  setText('tokens-per-char', hasVal ? formatFixed(val.tokensPerChar, 3) : '—');
  setText('oov-rate', hasVal ? formatPercent(val.oovRate) : '—');
  setText('train-ms', formatMs(ms));
  setText('vocab-in-note', formatInt(stats.vocabSize));

  const note = $('ppl-note');
  note.hidden = true;
  if (!hasVal) {
    note.hidden = false;
    note.textContent = 'Nothing was held out (validation fraction 0), so there is no unseen text to measure perplexity on. Set a fraction such as 0.1 and train again.';
  } else if (!Number.isFinite(val.ppl)) {
    note.hidden = false;
    const unit = unitName(options.tokenizer);
    note.textContent = `Perplexity is infinite (∞): ${formatInt(val.zeroProb)} of the ${formatInt(val.tokens)} validation ${unit}s `
      + `got probability 0. Without smoothing, a ${unit} that never followed its context in the training text gets probability 0, `
      + 'and one 0 makes the probability of the whole validation text 0 (−log 0 = ∞). Add-k or Kneser-Ney smoothing keeps some probability for unseen n-grams.';
  } else if (val.unk > 0) {
    note.hidden = false;
    note.textContent = `${formatInt(val.unk)} validation ${unitName(options.tokenizer)}s are not in the vocabulary; the model reads them as ‹unknown›.`;
  }

  $('ngram-section').hidden = isNeural(options);
  if (!isNeural(options)) renderStats(stats, options, hasVal);
}

function renderStats(stats, options, hasVal) {
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
