// The URL to start a module worker from, when the playground's scripts may
// come from another origin than the page (embed.js on the teacher's course
// page, served by the playground's own host).
//
// `new Worker(url)` throws a SecurityError for a script of another origin.
// A module worker may however import modules of any origin that sends CORS
// headers, so the worker starts from a one-line module of the page's own
// origin (a Blob URL) that imports the real one by its absolute URL. Inside,
// every relative URL (lmp.js, lmp_core.js, its .wasm) resolves against the
// module that names it, so they still load from the playground's host. The
// corpora are fetched by absolute URLs made on the page (corpus.js).
//
// Left out: a course page whose Content-Security-Policy forbids blob: workers
// (worker-src) cannot run a cross-origin playground this way; it can use the
// iframe instead.

const shims = new Map();  // worker script href -> Blob URL, one per page and script

// url: a URL object. -> the URL itself when same-origin, else a Blob URL.
export function workerScriptUrl(url) {
  if (url.origin === self.location.origin) return url;
  if (!shims.has(url.href)) {
    // Kept for the page's lifetime: a worker started again after a crash uses it too.
    const source = `import ${JSON.stringify(url.href)};\n`;
    shims.set(url.href, URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
  }
  return shims.get(url.href);
}
