// The tokenizer panel: trains a tokenizer on its own (in the model worker) on
// the training part of the text chosen in step 1 and shows a passage cut into
// chips, with vocabulary size, tokens per character, OOV rate and training time.
//
// Which tokenizer cuts the passage: both are offered. By default the panel's
// own, so kinds and vocabulary sizes can be tried in a second without training
// a model; once a model exists, "the trained model's tokenizer" shows exactly
// what that model reads (and what its tokens per character and OOV rate mean).
// A tokenizer that can sample (unigram) gets "Sample another segmentation",
// which cuts the passage again with the next seed. State: store.tokenizer.
import { readCorpus } from '../corpus.js';
import { checkedValue, chosenOptions, OptionError, optionNamedBy, tokenizerStart } from '../options.js';
import { isTraining } from '../store.js';
import { bindControl } from '../ui/bind.js';
import { byIdIn } from '../ui/dom.js';
import { formatCount, formatFixed, formatInt, formatMs, formatPercent } from '../ui/format.js';
import { failureText, markInvalid, showMessage } from '../ui/messages.js';
import { bindOptionControls } from '../ui/option-controls.js';
import { renderChips } from '../ui/token-chips.js';
import { describeTokenizer, TOKENIZER_HINTS } from '../ui/tokenizers.js';
import { isWorkerReplaced } from '../ui/worker-client.js';

// Typing pauses this long before the passage is cut again.
const RETOKENIZE_DELAY_MS = 120;

export function mountTokenizerPanel(root, store, worker) {
  const $ = byIdIn(root);
  const controls = bindOptionControls(store, 'tokenizer', $('tok-panel'), { tokenizer: tokenizerStart });
  const ui = {
    controls, vocabField: $('tok-vocab-field'), lowercaseField: $('tok-lowercase-field'),
    train: $('tok-train'), status: $('tok-status'), error: $('tok-error'),
    which: $('tok-which'), whichModel: $('tok-which-model'),
    vocabSize: $('tok-vocab-size'), perChar: $('tok-per-char'), oov: $('tok-oov'), trainTime: $('tok-train-time'),
    sampleControls: $('tok-sample-controls'), alphaValue: $('tok-alpha-value'),
    sample: $('tok-sample'), best: $('tok-best'), sampleInfo: $('tok-sample-info'),
    passage: $('tok-passage'), chips: $('tok-chips'), readout: $('tok-readout'),
  };
  const panel = () => store.state.tokenizer;
  const merge = (fields) => store.merge('tokenizer', fields);
  bindControl(store, ui.which, 'tokenizer', 'which');
  bindControl(store, ui.passage, 'tokenizer', 'passage');
  let latest = 0;  // the newest cut asked for; older replies are dropped
  let timer = 0;

  async function trainOwn() {
    merge({ error: '', errorOption: null });
    const state = store.state;
    if (isTraining(state)) {
      merge({ error: 'A model is training: train the tokenizer once it has finished. The model worker does one job at a time.' });
      return;
    }
    let request;
    try {
      const { tokenizer, vocabSize, lowercase } = panel();
      const options = chosenOptions({ tokenizer, vocabSize, lowercase });
      const { label, source } = await readCorpus(state.corpus);
      request = { label, options, payload: { source, valFraction: checkedValue('valFraction', state.train.valFraction), valSplit: state.train.valSplit, options } };
    } catch (error) {
      if (!(error instanceof OptionError)) throw error;
      merge({ error: failureText('train the tokenizer', error), errorOption: error.option });
      return;
    }
    merge({ training: true, status: `Training ${describeTokenizer(request.options)} on ${request.label}…` });
    try {
      const reply = await worker.request('trainTokenizer', request.payload);
      const { passage, passageEdited } = panel();
      merge({
        own: { ...reply, label: request.label, options: request.options },
        status: `Trained on the training part of ${request.label} in ${formatMs(reply.trainSeconds * 1000)}.`,
        ...(!passageEdited || !passage ? { passage: reply.passage, passageEdited: false } : {}),
        which: 'panel',
        seed: 0,
      });
      await cut();
    } catch (error) {
      const restarted = isWorkerReplaced(error);
      merge({
        status: '',
        error: restarted ? 'The model worker was restarted; press Train tokenizer again.'
          : `${failureText('train the tokenizer', error)}${panel().own ? ' The previous tokenizer is kept.' : ''}`,
        errorOption: optionNamedBy(error),
      });
    } finally {
      merge({ training: false });
    }
  }

  async function cut() {
    clearTimeout(timer);
    const { which, own, seed, subwordAlpha, passage } = panel();
    if (which === 'panel' ? !own : !store.state.model) return;
    const seq = ++latest;
    const sampling = seed > 0 && canSample(store.state);
    const used = { seed, alpha: sampling ? subwordAlpha : 0 };
    try {
      const reply = await worker.request('tokenize', { which, text: passage, alpha: used.alpha, seed: seed || 1 });
      if (seq !== latest || reply.stale) return;
      merge({ cut: { ...reply, ...used, sampling }, cuts: panel().cuts + 1, error: '' });
    } catch (error) {
      if (seq !== latest || isWorkerReplaced(error)) return;
      merge({ error: failureText('cut the passage', error) });
    }
  }

  // What the worker held is gone with it: the panel's tokenizer, and the model's.
  store.watch(['worker'], (state, previous) => {
    if (state.worker.epoch === previous.worker.epoch) return;
    merge({ own: null, cut: null, status: panel().own ? 'The model worker was restarted: train the tokenizer again.' : panel().status });
  });
  store.watch(['model'], ({ model }) => {
    if (!model && panel().which === 'model') merge({ which: 'panel', cut: null });
    else if (model && panel().which === 'model') {
      merge({ seed: 0 });
      cut();
    }
  });
  store.watch(['tokenizer'], (state, previous) => {
    const now = state.tokenizer;
    const before = previous.tokenizer;
    if (now.passage !== before.passage) {
      clearTimeout(timer);
      timer = setTimeout(cut, RETOKENIZE_DELAY_MS);
    }
    if (now.which !== before.which) {
      merge({ seed: 0, cut: null });
      cut();
    }
    if (now.cut !== before.cut) renderCut(ui, now);
  });
  store.watch(['tokenizer', 'model', 'training'], (state) => render(ui, state));
  render(ui, store.state);

  // The next sampled segmentation, or back to the most probable one.
  const sampleAnother = () => {
    merge({ seed: panel().seed + 1 });
    return cut();
  };
  const showBest = () => {
    merge({ seed: 0 });
    return cut();
  };

  ui.train.addEventListener('click', trainOwn);
  ui.passage.addEventListener('input', () => merge({ passageEdited: true }));
  ui.sample.addEventListener('click', sampleAnother);
  ui.best.addEventListener('click', showBest);
  return { train: trainOwn, sampleAnother, showBest };
}

// Whether the tokenizer that cuts the passage can draw other segmentations (unigram).
function canSample({ tokenizer, model }) {
  return tokenizer.which === 'model' ? model?.options.tokenizer === 'unigram' : Boolean(tokenizer.own?.canSample);
}

function render(ui, state) {
  const { tokenizer: panel, model } = state;
  ui.vocabField.hidden = panel.tokenizer === 'char';
  ui.lowercaseField.hidden = panel.tokenizer !== 'word';
  ui.train.title = TOKENIZER_HINTS[panel.tokenizer];
  ui.train.disabled = panel.training;
  ui.status.textContent = panel.status;
  showMessage(ui.error, panel.error);
  markInvalid(ui.controls, panel.error && panel.errorOption);
  ui.whichModel.disabled = !model;
  ui.whichModel.textContent = model
    ? `the trained model's tokenizer (${describeTokenizer(model.options)}, ${formatInt(model.reply.stats.vocabSize)})`
    : "the trained model's tokenizer (train a model first)";
  ui.alphaValue.value = panel.subwordAlpha.toFixed(2);
  const fromModel = panel.which === 'model';
  const active = fromModel ? model && { vocabSize: model.reply.stats.vocabSize } : panel.own;
  ui.vocabSize.textContent = active ? formatInt(active.vocabSize) : '—';
  ui.trainTime.textContent = !fromModel && panel.own ? formatMs(panel.own.trainSeconds * 1000) : '—';
  ui.sampleControls.hidden = !canSample(state);
  if (!active && !panel.cut) ui.readout.textContent = fromModel ? '' : 'Press Train tokenizer to see the passage cut into tokens.';
}

function renderCut(ui, panel) {
  const { cut } = panel;
  if (!cut) {
    ui.chips.replaceChildren();
    ui.perChar.textContent = '—';
    ui.oov.textContent = '—';
    return;
  }
  renderChips(ui.chips, ui.readout, cut.tokens, { lineStartSpace: cut.lineStartSpace });
  ui.chips.dataset.segmentation = String(panel.cuts);
  ui.perChar.textContent = cut.chars > 0 ? formatFixed(cut.tokensPerChar, 3) : '—';
  ui.oov.textContent = cut.pieces > 0 ? formatPercent(cut.oovRate) : '—';
  ui.sampleInfo.textContent = cut.sampling ? `sampled segmentation ${cut.seed} (seed ${cut.seed}, α ${cut.alpha.toFixed(2)})` : 'the most probable segmentation';
  const lineEnds = cut.tokens.length - cut.pieces;
  const shortened = cut.cut ? ` · only the first ${formatInt(cut.cut)} characters are shown` : '';
  ui.readout.textContent = `${formatCount(cut.pieces, 'token')} for ${formatCount(cut.chars, 'character')}, `
    + `and ${formatCount(lineEnds, 'line end')}${shortened}. Hover over a chip for its id.`;
}
