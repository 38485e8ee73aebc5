// Texts a test server serves at /texts/ (scripts/serve.js routes), to fetch a
// training text from an address as a link's corpus=... does: one that works,
// one too large that says so, one too large that does not say (streamed until
// the reader stops), a web page and an image. Any other /texts/ path is a 404.
// Shared by the CLI's test (tests/node) and the page's (tests/e2e).
import { MAX_FETCHED_CORPUS_BYTES } from '../web/corpus-fetch.js';

export const POEMS = `${['roses are red', 'violets are blue', 'sugar is sweet', 'and so are you'].join('\n')}\n`.repeat(20);

const CHUNK = Buffer.alloc(64 * 1024, 'abc\n');

// Bytes each streamed path had sent when its reader hung up.
export const sent = {};

// Writes `total` bytes, at the pace the reader takes them, until it hangs up.
function stream(path, res, total) {
  sent[path] = 0;
  let closed = false;
  res.on('close', () => { closed = true; });
  res.on('error', () => {});
  const more = () => {
    while (!closed && sent[path] < total) {
      const chunk = CHUNK.subarray(0, Math.min(CHUNK.length, total - sent[path]));
      sent[path] += chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', more);
        return;
      }
    }
    if (!closed) res.end();
  };
  more();
}

const TEXT = { 'content-type': 'text/plain; charset=utf-8' };

export const TEXT_ROUTES = {
  '/texts/poems.txt': (req, res) => {
    res.writeHead(200, TEXT);
    res.end(POEMS);
  },
  // Its Content-Length alone is enough to refuse it.
  '/texts/too-large.txt': (req, res) => {
    res.writeHead(200, { ...TEXT, 'content-length': String(MAX_FETCHED_CORPUS_BYTES + 1) });
    stream('/texts/too-large.txt', res, MAX_FETCHED_CORPUS_BYTES + 1);
  },
  // No length said: only reading tells, and the reader must stop long before the end.
  '/texts/endless.txt': (req, res) => {
    res.writeHead(200, TEXT);
    stream('/texts/endless.txt', res, 8 * MAX_FETCHED_CORPUS_BYTES);
  },
  '/texts/page.html': (req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>not a text</title>');
  },
  '/texts/picture.png': (req, res) => {
    res.writeHead(200, { 'content-type': 'image/png' });
    res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  },
};
