// Which held-out lines the exposure measurement reads: the non-empty lines of
// the held-out text that the model can measure after its prompt, and an even
// spread of them, so that a few lines of a sorted list come from all over it.

// val: the held-out text; measurable(line): whether the line is long enough.
export function heldOutLines(val, measurable) {
  return val.split(/\r?\n/).filter((line) => line.trim() && measurable(line));
}

// count lines of lines, evenly spaced from the first (all of them when there are fewer).
export function spreadOver(lines, count) {
  if (lines.length <= count) return lines;
  return Array.from({ length: count }, (_, i) => lines[Math.floor((i * lines.length) / count)]);
}
