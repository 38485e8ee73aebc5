// Number and token formatting shared by the panels.

const integer = new Intl.NumberFormat('en-US');

export function formatInt(n) {
  return Number.isFinite(n) ? integer.format(n) : '—';
}

// Infinity is a real answer (a zero-probability token), not a missing one.
export function formatNumber(x, digits = 3) {
  if (x === Infinity) return '∞';
  if (!Number.isFinite(x)) return '—';
  if (Math.abs(x) >= 1000) return integer.format(Math.round(x));
  return String(Number(x.toPrecision(digits)));
}

export function formatFixed(x, digits) {
  if (x === Infinity) return '∞';
  if (!Number.isFinite(x)) return '—';
  return x.toFixed(digits);
}

// "1 line", "8,422 lines": many defaults to one + 's'.
export function formatCount(n, one, many = `${one}s`) {
  return `${formatInt(n)} ${n === 1 ? one : many}`;
}

export function formatPercent(p) {
  if (!Number.isFinite(p)) return '—';
  const pct = p * 100;
  if (pct === 0) return '0%';
  if (pct < 0.01) return '<0.01%';
  if (pct < 1) return `${pct.toFixed(2)}%`;
  if (pct < 10) return `${pct.toFixed(1)}%`;
  return `${pct.toFixed(0)}%`;
}

export function formatBytes(bytes) {
  if (!Number.isFinite(bytes)) return '—';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function formatMs(ms) {
  if (ms < 1) return '<1 ms';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;
}

const SPECIAL = {
  ' ': '␣',
  '\t': '⇥',
  '<eol>': '⏎ end',
  '<unk>': '‹unk›',
  '<bos>': '‹start›',
};

// A token as a student should see it in a label: invisible characters get a
// symbol, and the spaces inside a longer piece (" the") show as ␣.
export function tokenLabel(token) {
  if (token in SPECIAL) return SPECIAL[token];
  if (/^\p{C}$/u.test(token)) return `U+${token.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return token.replaceAll(' ', '␣');
}

export function tokenDescription(token) {
  if (token === ' ') return 'space';
  if (token === '<eol>') return 'end of line';
  if (token === '<unk>') return 'unknown token';
  return token;
}

// An error message as a sentence: one final full stop, whatever the message ended with.
export function sentence(text) {
  return /[.!?]$/.test(text) ? text.replace(/\.+$/, '.') : `${text}.`;
}
