// A training text fetched from an address (a link's corpus=https://...):
// the page's model worker and the CLI's --from-url both read it through
// fetchCorpus(), so both take the same text and refuse the same ones.
//
// What the page may read is fetch's own rule: the page's own origin, or a
// server that allows it (CORS). Nothing here widens that, and no cookie is
// sent. A text is refused before it is read in full when the server says it
// is too large, and reading stops as soon as it passes the limit when the
// server does not say.
//
// Left out on purpose: checking the bytes are UTF-8 (the core does that and
// says where they break) and retrying (a failed fetch says why; Train tries again).
import { formatBytes } from './ui/format.js';

// 10 MB: five times Moby Dick, more than all of Shakespeare (5.4 MB), and
// still a quick download and a training that fits in a tab's memory.
export const MAX_FETCHED_CORPUS_BYTES = 10 * 1024 * 1024;

// A text that could not be fetched. kind 'io', as a file the CLI cannot read.
export class CorpusFetchError extends Error {
  constructor(message) {
    super(message);
    this.name = 'CorpusFetchError';
    this.kind = 'io';
  }
}

// Types a plain-text file comes with. Servers often send raw files as
// octet-stream; an HTML page is the common slip (a GitHub page instead of its raw file).
const TEXT_TYPES = ['application/octet-stream', 'application/json', 'application/xml', 'application/javascript'];

// -> Uint8Array of the text at url (an http or https address). Throws CorpusFetchError.
export async function fetchCorpus(url, { limit = MAX_FETCHED_CORPUS_BYTES, fetch = globalThis.fetch } = {}) {
  const fail = (why) => new CorpusFetchError(`the text at ${url} could not be fetched: ${why}`);
  const tooLarge = (size) => fail(`it is ${size}, and a text fetched from an address may be at most ${formatBytes(limit)}`);
  let response;
  try {
    response = await fetch(url, { credentials: 'omit', redirect: 'follow' });
  } catch {
    throw fail('the address could not be reached, or its server does not let other sites read it (CORS)');
  }
  const body = response.body;
  const stop = () => body?.cancel().catch(() => {});
  if (!response.ok) {
    stop();
    throw fail(`the server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
  }
  const type = (response.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'text/html') {
    stop();
    throw fail('it is a web page (text/html), not a plain-text file; for a file on GitHub, link its Raw address');
  }
  if (type && !type.startsWith('text/') && !TEXT_TYPES.includes(type)) {
    stop();
    throw fail(`it is not text (the server says ${type})`);
  }
  const declared = Number(response.headers.get('content-length'));
  if (declared > limit) {
    stop();
    throw tooLarge(formatBytes(declared));
  }
  try {
    return await readBody(body, { limit, tooLarge: () => tooLarge(`more than ${formatBytes(limit)}`) });
  } catch (error) {
    if (error instanceof CorpusFetchError) throw error;
    throw fail('the connection broke while reading it');
  }
}

// A response body's bytes (Uint8Array), with progress(bytesSoFar) as they
// come, or tooLarge()'s error as soon as they pass the limit (the rest is
// never read). Also the reader of the shipped models (panels/pretrained.js).
export async function readBody(body, { limit = Infinity, tooLarge, progress = () => {} } = {}) {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
    progress(total);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}
