// Emscripten 3.1.6 writes an ES module whose Node branch still calls the
// CommonJS `require` and reads `__dirname`, neither of which exists in ES
// module scope. Defining them here (only under Node) lets the one module load
// in the browser, in a module Web Worker and in Node alike.
const lmpRunsInNode = typeof process === 'object' && typeof process.versions === 'object'
  && typeof process.versions.node === 'string';
const require = lmpRunsInNode ? (await import('module')).createRequire(import.meta.url) : undefined;
const __dirname = lmpRunsInNode ? require('path').dirname(require('url').fileURLToPath(import.meta.url)) : '';
