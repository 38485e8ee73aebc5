// The tokenizer panel: trains a tokenizer on its own (in the model worker) on
// the training part of the chosen text and shows a passage cut into chips,
// with vocabulary size, tokens per character, OOV rate and training time.
//
// Which tokenizer cuts the passage: both are offered. By default the panel's
// own, so kinds and vocabulary sizes can be tried in a second without training
// a model; once a model exists, "the trained model's tokenizer" shows exactly
// what that model reads (and what its tokens per character and OOV rate mean).
// A tokenizer that can sample (unigram) gets "Sample another segmentation",
// which cuts the passage again with the next seed.
import { DEFAULT_VOCAB, TOKENIZER_HINTS, describeTokenizer } from './tokenizers.js';
import { formatFixed, formatInt, formatMs, formatPercent, sentence } from './format.js';
import { renderChips } from './token-chips.js';
import { WorkerCrash, WorkerStopped } from './worker-client.js';

const $ = (id) => document.getElementById(id);
// Typing pauses this long before the passage is cut again.
const RETOKENIZE_DELAY_MS = 120;

export class TokenizerPanel {
  // currentSource(): the text chosen in step 1 ({ label, source, valFraction, valSplit }), may throw;
  // isTraining(): whether a model is training (the worker is then busy).
  constructor({ worker, currentSource, isTraining }) {
    this.worker = worker;
    this.currentSource = currentSource;
    this.isTraining = isTraining;
    this.ui = {
      kind: $('tok-kind'), vocab: $('tok-vocab'), vocabField: $('tok-vocab-field'),
      lowercase: $('tok-lowercase'), lowercaseField: $('tok-lowercase-field'),
      train: $('tok-train'), status: $('tok-status'), error: $('tok-error'),
      which: $('tok-which'), whichModel: $('tok-which-model'),
      vocabSize: $('tok-vocab-size'), perChar: $('tok-per-char'), oov: $('tok-oov'), trainTime: $('tok-train-time'),
      sampleControls: $('tok-sample-controls'), alpha: $('tok-alpha'), alphaValue: $('tok-alpha-value'),
      sample: $('tok-sample'), best: $('tok-best'), sampleInfo: $('tok-sample-info'),
      passage: $('tok-passage'), chips: $('tok-chips'), readout: $('tok-readout'),
    };
    this.own = null;        // { kind, vocabSize, canSample, trainSeconds, label } of the panel's tokenizer
    this.model = null;      // { options, vocabSize } of the trained model
    this.seed = 0;          // 0: the most probable segmentation; n > 0: the n-th sampled one
    this.passageEdited = false;
    this.timer = 0;
    this.seq = 0;

    const ui = this.ui;
    ui.kind.addEventListener('change', () => this.#kindChanged());
    ui.train.addEventListener('click', () => this.trainOwn());
    ui.which.addEventListener('change', () => {
      this.seed = 0;
      this.#showFigures();
      this.tokenizeNow();
    });
    ui.passage.addEventListener('input', () => {
      this.passageEdited = true;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.tokenizeNow(), RETOKENIZE_DELAY_MS);
    });
    ui.alpha.addEventListener('input', () => { ui.alphaValue.value = Number(ui.alpha.value).toFixed(2); });
    ui.sample.addEventListener('click', () => {
      this.seed++;
      this.tokenizeNow();
    });
    ui.best.addEventListener('click', () => {
      this.seed = 0;
      this.tokenizeNow();
    });
    this.#kindChanged();
    this.#showFigures();
  }

  // The model the worker now holds (null: none); its tokenizer becomes a choice.
  setModel(model) {
    this.model = model;
    const ui = this.ui;
    ui.whichModel.disabled = !model;
    ui.whichModel.textContent = model
      ? `the trained model's tokenizer (${describeTokenizer(model.options)}, ${formatInt(model.vocabSize)})`
      : "the trained model's tokenizer (train a model first)";
    if (!model && ui.which.value === 'model') ui.which.value = 'panel';
    this.#showFigures();
    if (ui.which.value === 'model') {
      this.seed = 0;
      this.tokenizeNow();
    }
  }

  // The worker was replaced: the panel's tokenizer went with it.
  reset() {
    if (this.own) this.ui.status.textContent = 'The model worker was restarted: train the tokenizer again.';
    this.own = null;
    this.setModel(null);
  }

  async trainOwn() {
    const ui = this.ui;
    this.#clearError();
    if (this.isTraining()) {
      this.#showError('A model is training: train the tokenizer once it has finished. The model worker does one job at a time.');
      return;
    }
    let request;
    try {
      const kind = ui.kind.value;
      const vocabSize = kind === 'char' ? 0 : Number(ui.vocab.value);
      if (!Number.isInteger(vocabSize) || vocabSize < 0) {
        ui.vocab.setAttribute('aria-invalid', 'true');
        throw new Error('the vocabulary size must be a whole number');
      }
      const { label, source, valFraction, valSplit } = await this.currentSource();
      request = { label, payload: { source, valFraction, valSplit, options: { tokenizer: kind, vocabSize, lowercase: kind === 'word' && ui.lowercase.checked } } };
    } catch (error) {
      this.#showError(`Could not train the tokenizer: ${sentence(error.message)}`);
      error.input?.setAttribute('aria-invalid', 'true');
      return;
    }
    ui.train.disabled = true;
    ui.status.textContent = `Training ${describeTokenizer(request.payload.options)} on ${request.label}…`;
    try {
      const reply = await this.worker.request('trainTokenizer', request.payload);
      this.own = { ...reply, label: request.label, options: request.payload.options };
      ui.status.textContent = `Trained on the training part of ${request.label} in ${formatMs(reply.trainSeconds * 1000)}.`;
      if (!this.passageEdited || !ui.passage.value) {
        ui.passage.value = reply.passage;
        this.passageEdited = false;
      }
      ui.which.value = 'panel';
      this.seed = 0;
      this.#showFigures();
      await this.tokenizeNow();
    } catch (error) {
      const restarted = error instanceof WorkerCrash || error instanceof WorkerStopped;
      ui.status.textContent = '';
      this.#showError(restarted ? 'The model worker was restarted; press Train tokenizer again.'
        : `Could not train the tokenizer: ${sentence(error.message)}${this.own ? ' The previous tokenizer is kept.' : ''}`);
    } finally {
      ui.train.disabled = false;
    }
  }

  async tokenizeNow() {
    clearTimeout(this.timer);
    const ui = this.ui;
    const which = ui.which.value;
    if (which === 'panel' ? !this.own : !this.model) return;
    const seq = ++this.seq;
    const sampling = this.seed > 0 && this.#canSample();
    const alpha = sampling ? Number(ui.alpha.value) : 0;
    try {
      const reply = await this.worker.request('tokenize', { which, text: ui.passage.value, alpha, seed: this.seed || 1 });
      if (seq !== this.seq || reply.stale) return;
      this.#clearError();
      renderChips(ui.chips, ui.readout, reply.tokens, { lineStartSpace: reply.lineStartSpace });
      ui.chips.dataset.segmentation = String(Number(ui.chips.dataset.segmentation ?? 0) + 1);
      ui.perChar.textContent = reply.chars > 0 ? formatFixed(reply.tokensPerChar, 3) : '—';
      ui.oov.textContent = reply.pieces > 0 ? formatPercent(reply.oovRate) : '—';
      ui.sampleInfo.textContent = sampling ? `sampled segmentation ${this.seed} (seed ${this.seed}, α ${alpha.toFixed(2)})` : 'the most probable segmentation';
      const cut = reply.cut ? ` · only the first ${formatInt(reply.cut)} characters are shown` : '';
      ui.readout.textContent = `${formatInt(reply.pieces)} tokens for ${formatInt(reply.chars)} characters${cut}. Hover over a chip for its id.`;
    } catch (error) {
      if (seq !== this.seq || error instanceof WorkerCrash || error instanceof WorkerStopped) return;
      this.#showError(`Could not cut the passage: ${sentence(error.message)}`);
    }
  }

  #canSample() {
    return this.ui.which.value === 'model' ? this.model?.options.tokenizer === 'unigram' : Boolean(this.own?.canSample);
  }

  #kindChanged() {
    const ui = this.ui;
    const kind = ui.kind.value;
    ui.vocabField.hidden = kind === 'char';
    ui.lowercaseField.hidden = kind !== 'word';
    if (kind in DEFAULT_VOCAB) ui.vocab.value = String(DEFAULT_VOCAB[kind]);
    ui.vocab.removeAttribute('aria-invalid');
    ui.train.title = TOKENIZER_HINTS[kind];
  }

  #showFigures() {
    const ui = this.ui;
    const fromModel = ui.which.value === 'model';
    const active = fromModel ? this.model : this.own;
    ui.vocabSize.textContent = active ? formatInt(active.vocabSize) : '—';
    ui.trainTime.textContent = !fromModel && this.own ? formatMs(this.own.trainSeconds * 1000) : '—';
    ui.sampleControls.hidden = !this.#canSample();
    if (!active) {
      ui.perChar.textContent = '—';
      ui.oov.textContent = '—';
      ui.chips.replaceChildren();
      ui.readout.textContent = fromModel ? '' : 'Press Train tokenizer to see the passage cut into tokens.';
    }
  }

  #showError(message) {
    this.ui.error.textContent = message;
    this.ui.error.hidden = false;
  }

  #clearError() {
    this.ui.error.hidden = true;
    this.ui.error.textContent = '';
    this.ui.vocab.removeAttribute('aria-invalid');
  }
}
