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
