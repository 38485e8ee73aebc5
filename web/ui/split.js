// The core's train/validation split (core/corpus.cpp, split_corpus), redone in
// JS for the tokenizer panel, which trains a tokenizer on its own and so never
// sees the core's split: lines are cut at '\n' (a '\r' before it dropped, no
// line after a final '\n'), 'tail' holds out the last lines, 'interleaved'
// line i when floor((i + 1) f) > floor(i f). It leaves out the core's checks
// (empty parts, bad fractions): the core refuses those when it trains.

// A tiny epsilon keeps floor((i + 1) * 0.1) exact where 0.1 is not (as in the core).
const ROUNDING_SLACK = 1e-9;

export function splitLines(text, valFraction, valSplit) {
  const lines = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  if (text.endsWith('\n')) lines.pop();
  const n = lines.length;
  const trainLines = Math.floor((1 - valFraction) * n + ROUNDING_SLACK);
  const train = [];
  const val = [];
  lines.forEach((line, i) => {
    const toVal = valSplit === 'interleaved'
      ? Math.floor((i + 1) * valFraction + ROUNDING_SLACK) > Math.floor(i * valFraction + ROUNDING_SLACK)
      : i >= trainLines;
    (toVal ? val : train).push(line);
  });
  return { train, val };
}

// A passage to show as chips: the first non-empty lines, a handful of short
// ones (names) or a few of prose, about PASSAGE_CHARS characters in all.
const PASSAGE_CHARS = 240;
const PASSAGE_MAX_LINES = 8;

export function passageOf(lines) {
  const chosen = [];
  let chars = 0;
  for (const line of lines) {
    if (!line.trim()) continue;
    chosen.push(line);
    chars += line.length;
    if (chars >= PASSAGE_CHARS || chosen.length >= PASSAGE_MAX_LINES) break;
  }
  return chosen.join('\n');
}
