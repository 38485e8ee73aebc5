// A model in a few words, from its options (the store's names): for the
// readout, the status line, the samples and the comparison table.
import { isNeural } from '../options.js';
import { formatInt } from './format.js';

const SMOOTHING_NAMES = { none: 'no smoothing', addk: 'add-k smoothing', kn: 'Kneser-Ney smoothing' };
export const ORDER_NAMES = ['', 'unigram', 'bigram', 'trigram', '4-gram', '5-gram', '6-gram', '7-gram', '8-gram'];
const FAMILY_NAMES = { mlp: 'MLP', rnn: 'RNN', lstm: 'LSTM', gru: 'GRU', transformer: 'Transformer' };

// stepsDone: the steps a neural model was trained for, when Stop ended it before options.steps.
export function describeModel(options, stepsDone = options.steps) {
  if (isNeural(options)) {
    const shapes = {
      mlp: () => `context ${options.context}, hidden ${options.hidden}`,
      transformer: () => `${options.layers} × ${options.embed}, ${options.heads} heads, context ${options.context}` +
        `${options.positions === 'sinusoidal' ? ', sinusoidal positions' : ''}${options.causal === false ? ', NO causal mask' : ''}`,
    };
    const shape = (shapes[options.model] ?? (() => `${options.layers} × ${options.hidden}`))();
    const steps = stepsDone < options.steps
      ? `${formatInt(stepsDone)} of ${formatInt(options.steps)} steps`
      : `${formatInt(options.steps)} steps`;
    return `${FAMILY_NAMES[options.model]} (${shape}), ${steps}`;
  }
  return `${ORDER_NAMES[options.order] ?? `${options.order}-gram`}, ${describeSmoothing(options)}`;
}

// "Kneser-Ney smoothing", "add-k smoothing (k = 0.5)": an n-gram's smoothing, whatever its order.
export function describeSmoothing(options) {
  const k = options.smoothing === 'addk' ? ` (k = ${options.k})` : '';
  return `${SMOOTHING_NAMES[options.smoothing]}${k}`;
}

// The steps a trained model's reply says it ran (a neural training may stop early).
export function stepsDone(model) {
  return isNeural(model.options) ? model.reply.report.steps : undefined;
}
