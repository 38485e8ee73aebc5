// The exposure measurement in words and tables: the means over every line
// measured, said plainly; one line's true text and the model's own text as
// two rows of tokens, each own token under the true one it stands beside;
// and that line's losses per token as a table (the plot's text alternative).
// Everything goes in as text, never as markup.
import { element } from './element.js';
import { formatFixed, formatInt, tokenLabel } from './format.js';

// Means over all the lines' measured tokens: per token, and per character of what they spell.
// lines: reports of model.exposure. -> { lines, tokens, chars, forcedNllPerToken, ownNllPerToken, forcedBpc, ownBpc }
export function exposureMeans(lines) {
  const steps = lines.flatMap((line) => line.steps);
  const chars = lines.reduce((sum, line) => sum + line.chars, 0);
  const total = (key) => steps.reduce((sum, step) => sum + step[key], 0);
  const forced = total('forcedNll');
  const own = total('ownNll');
  return {
    lines: lines.length, tokens: steps.length, chars,
    forcedNllPerToken: forced / steps.length, ownNllPerToken: own / steps.length,
    forcedBpc: forced / chars / Math.LN2, ownBpc: own / chars / Math.LN2,
  };
}

// The means as two plain sentences. unit: { one, many } of the model's tokens.
export function describeMeans(means, promptTokens, unit) {
  const after = promptTokens ? `after the first ${promptTokens === 1 ? unit.one : `${promptTokens} ${unit.many}`} of each` : 'from the start of each';
  const nats = (v) => `${formatFixed(v, 2)} nats a ${unit.one}`;
  const bits = (v) => `${formatFixed(v, 2)} bits per character`;
  const gap = means.ownBpc - means.forcedBpc;
  const verdict = Number.isNaN(gap) ? 'Both are infinite: the model gives some true token probability 0 either way.'
    : `After its own text the model scores the true continuation ${formatFixed(Math.abs(gap), 2)} bits per character ${gap >= 0 ? 'worse' : 'better'}${
      Number.isFinite(means.forcedBpc) && gap > 0 ? ` (${formatFixed(means.ownBpc / means.forcedBpc, 2)} times the loss)` : ''}.`;
  return `Over ${formatInt(means.lines)} held-out ${means.lines === 1 ? 'line' : 'lines'}, ${after}: with the true text before it, `
    + `the model predicts the true next ${unit.one} at ${nats(means.forcedNllPerToken)} (${bits(means.forcedBpc)}); `
    + `after its own text, at ${nats(means.ownNllPerToken)} (${bits(means.ownBpc)}). ${verdict}`;
}

// Two rows, the true tokens above the model's own: each position a column that
// wraps as a whole, so a token stays above the one drawn in its place at any width.
// The prompt's columns are marked, and own tokens that differ from the true ones.
export function tokenColumns(line) {
  const prompt = line.prompt.map((token) => ({ truth: token, own: token, prompt: true }));
  const columns = [...prompt, ...line.steps.map((step) => ({ truth: step.truth, own: step.own, prompt: false }))];
  return columns.map(({ truth, own, prompt }) => element('span',
    { class: `pair${prompt ? ' prompt' : ''}${own !== truth ? ' differs' : ''}` },
    element('span', { class: 'truth' }, tokenLabel(truth)),
    element('span', { class: 'own' }, tokenLabel(own))));
}

// One row per measured token: its position, the true and the own token, and both losses in nats.
export function stepRows(line) {
  const k = line.prompt.length;
  return line.steps.map((step, i) => {
    const cells = [String(k + i + 1), tokenLabel(step.truth), tokenLabel(step.own), formatFixed(step.forcedNll, 2), formatFixed(step.ownNll, 2)];
    return element('tr', {}, cells.map((text, j) => (j ? element('td', { class: j > 2 ? 'num' : 'mono' }, text) : element('th', { scope: 'row' }, text))));
  });
}
