#!/usr/bin/env node
// A small static file server for web/: `npm start` runs it and prints the
// address; the end-to-end tests start it on a free port (and another one on
// a folder of course pages, as a second origin), with a few routes of their
// own. Nothing else.
//
// Every reply allows any origin to read it (CORS): <lm-playground> on a
// course page of another origin loads the worker's modules, the wasm, the
// corpora, index.html and style.css from here with fetch() or import, which
// a browser only allows with Access-Control-Allow-Origin. The files are
// public and the server takes no cookies, so `*` gives nothing away.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const webRoot = join(dirname(fileURLToPath(import.meta.url)), '..', 'web');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

function resolvePath(root, urlPath) {
  const decoded = decodeURIComponent(urlPath.split('?')[0]);
  const path = normalize(join(root, decoded));
  if (path !== root && !path.startsWith(root + sep)) return null;  // no escaping the folder
  if (existsSync(path) && statSync(path).isDirectory()) return join(path, 'index.html');
  return path;
}

// Resolves to { server, url } once listening; port 0 picks a free port.
// root: the folder served, web/ unless said otherwise. routes: { '/path':
// (req, res) => ... } answered before the files (the tests serve texts that
// web/ does not hold).
export function startServer(port = 0, host = '127.0.0.1', { root = webRoot, routes = {} } = {}) {
  const server = createServer((req, res) => {
    const route = routes[new URL(req.url, 'http://x').pathname];
    if (route) {
      route(req, res);
      return;
    }
    let path;
    try {
      path = resolvePath(root, new URL(req.url, 'http://x').pathname);
    } catch {
      path = null;
    }
    if (!path || !existsSync(path)) {
      res.writeHead(404, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' });
      res.end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
      'access-control-allow-origin': '*',
    });
    createReadStream(path).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve({ server, url: `http://${host === '127.0.0.1' ? 'localhost' : host}:${server.address().port}/` }));
  });
}

async function main() {
  const wanted = Number(process.env.PORT ?? 8080);
  for (let port = wanted; port < wanted + 20; port++) {
    try {
      const { url } = await startServer(port, process.env.HOST ?? '127.0.0.1');
      console.log(`LM Playground is running at ${url}  (Ctrl+C to stop)`);
      return;
    } catch (error) {
      if (error.code !== 'EADDRINUSE') throw error;
    }
  }
  console.error(`no free port between ${wanted} and ${wanted + 19}; set PORT to another one`);
  process.exit(1);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1])) await main();
