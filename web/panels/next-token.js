// The next-token panel: the loaded model's distribution of its next token
// after the prompt (after temperature, top-k and top-p), titled with the
// tokens the model itself reads (its window, and the piece taken back when
// sampling heals a prompt that stops inside a word), in the model's unit.
import { isTraining } from '../store.js';
import { renderDistribution } from '../ui/distribution.js';
import { byIdIn } from '../ui/dom.js';
import { formatCount, tokenLabel } from '../ui/format.js';
import { failureText } from '../ui/messages.js';
import { addsLineStartSpace, unitOf } from '../ui/tokenizers.js';
import { isWorkerReplaced } from '../ui/worker-client.js';

// Slider moves come in bursts: ask once they pause this long.
const REFRESH_DELAY_MS = 40;
const ASKS_ABOUT = ['prompt', 'temperature', 'topK', 'topP', 'greedy'];

export function mountNextToken(root, store, worker) {
  const $ = byIdIn(root);
  const ui = { title: $('distribution-title'), info: $('context-info'), list: $('distribution'), rest: $('distribution-rest') };
  let latest = 0;  // the newest request; older replies are dropped
  let timer = 0;

  async function ask() {
    clearTimeout(timer);
    const { model, sampling } = store.state;
    if (!model) return;
    const { prompt, temperature, topK, topP, greedy } = sampling;
    const seq = ++latest;
    try {
      const reply = await worker.request('next', { prompt, options: { temperature, topK, topP, greedy } });
      if (seq !== latest || reply.stale) return;
      store.update({ next: { prompt, tokens: reply.tokens, context: reply.context } });
    } catch (error) {
      if (seq !== latest || isWorkerReplaced(error)) return;
      store.update({ next: { error: failureText('compute the distribution', error) } });
    }
  }

  store.watch(['model'], ({ model }) => {
    if (model) ask();
  });
  store.watch(['sampling'], (state, previous) => {
    if (isTraining(state) || ASKS_ABOUT.every((key) => Object.is(state.sampling[key], previous.sampling[key]))) return;
    clearTimeout(timer);
    timer = setTimeout(ask, REFRESH_DELAY_MS);
  });
  store.watch(['next'], ({ next, model }) => {
    if (next?.error) {
      ui.list.replaceChildren();
      ui.rest.textContent = next.error;
    } else if (next && model) {
      const unit = unitOf(model.options.tokenizer);
      ui.title.replaceChildren(...titleOf(next.context, model.options, unit));
      ui.title.dataset.prompt = next.prompt;  // which prompt the panel now answers
      ui.info.textContent = contextInfo(next.context, model.options, unit);
      const { tokens, fromLineStart } = next.context;
      const lineStartSpace = addsLineStartSpace(model.options.tokenizer) && fromLineStart && !tokens.length;
      renderDistribution(ui.list, ui.rest, next.tokens, { unit, lineStartSpace });
    }
  });
}

// A piece as the title shows it; the space BPE and unigram read before a line shows as ▁ (as in the chips).
function pieceSpan(piece, lineStartSpace) {
  const span = document.createElement('span');
  span.className = piece.trim() === '' || /^<.+>$/.test(piece) ? 'ch special' : 'ch';
  span.textContent = lineStartSpace && piece.startsWith(' ') ? `▁${tokenLabel(piece.slice(1))}` : tokenLabel(piece);
  return span;
}

// "Next piece after [line start] [▁mar] [y]", and ", starting with [mar]" after a healed prompt.
function titleOf(context, options, unit) {
  const { tokens, fromLineStart, healedPrefix } = context;
  const lineSpace = addsLineStartSpace(options.tokenizer);
  const shown = document.createElement('span');
  shown.className = 'context-chars';
  if (!fromLineStart && !tokens.length) shown.textContent = 'anything';
  if (fromLineStart) {
    const start = document.createElement('span');
    start.className = 'line-start';
    start.textContent = 'line start';
    shown.append(start);
  }
  tokens.forEach((token, i) => shown.append(pieceSpan(token.piece, lineSpace && fromLineStart && i === 0)));
  const parts = [`Next ${unit.one} after `, shown];
  if (healedPrefix) {
    const healed = document.createElement('span');
    healed.className = 'context-chars healed';
    healed.append(pieceSpan(healedPrefix, lineSpace && fromLineStart && !tokens.length));
    parts.push(', starting with ', healed);
  }
  return parts;
}

function contextInfo(context, options, unit) {
  const start = context.fromLineStart ? ' and that the line starts there' : '';
  const last = (n) => formatCount(n, unit.one, unit.many);
  const reads = {
    ngram: () => (options.order === 1
      ? `A unigram model ignores the prompt: this is how common each ${unit.one} is.`
      : `An order-${options.order} model only sees the last ${last(options.order - 1)} of the prompt${start}.`),
    mlp: () => `The MLP only sees the last ${last(options.context)} of the prompt${start}.`,
    transformer: () => `The Transformer attends to the last ${last(options.context)} (its window), the line start included while it fits.`,
  }[options.model]?.()
    ?? 'A recurrent network reads the whole line from its start, carrying what it has seen in its hidden state.';
  if (!context.healedPrefix) return reads;
  return `${reads} The prompt's last ${unit.one} is taken back, and the next ${unit.one} must start with it`
    + ' (token healing, as when generating): a prompt that stops inside a word goes on as the words the model learned.';
}
