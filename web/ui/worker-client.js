// Talks to web/worker/worker.js: numbered requests, one promise each, and the
// bookkeeping for a worker that dies (every open request is rejected with a
// WorkerCrash, and the owner is told so it can bring the model back). A
// request the worker refuses is rejected with a RequestError carrying the
// error's kind, so the panels word it by kind.
import { workerScriptUrl } from './worker-url.js';

export class RequestError extends Error {
  constructor(message, kind) {
    super(message);
    this.name = 'RequestError';
    this.kind = kind;
  }
}

export class WorkerCrash extends Error {
  constructor(message) {
    super(message);
    this.name = 'WorkerCrash';
  }
}

export class WorkerStopped extends Error {
  constructor() {
    super('stopped');
    this.name = 'WorkerStopped';
  }
}

// Whether a request failed only because its worker was replaced (a crash, a
// Stop): the panels then say nothing, since the owner reports it and restores.
export function isWorkerReplaced(error) {
  return error instanceof WorkerCrash || error instanceof WorkerStopped;
}

export class ModelWorker {
  // onReady(): the engine has loaded. onCrash(reason, { permanent }): the worker is gone.
  constructor({ onReady, onCrash }) {
    this.onReady = onReady;
    this.onCrash = onCrash;
    this.nextId = 1;
    this.pending = new Map();
    this.worker = null;
    this.ready = false;
    this.deadReason = null;
    this.start();
  }

  start() {
    const script = workerScriptUrl(new URL('../worker/worker.js', import.meta.url));
    const worker = new Worker(script, { type: 'module', name: 'lmp-model' });
    this.worker = worker;
    this.ready = false;
    worker.addEventListener('message', (event) => {
      if (worker === this.worker) this.#receive(event.data);
    });
    worker.addEventListener('error', (event) => {
      // The page reports it in its own words; no second copy in the console.
      event.preventDefault();
      if (worker !== this.worker) return;
      const detail = event.message || (this.ready ? 'an uncaught error' : 'a script failed to load');
      this.#crash(this.ready ? detail : `the model worker could not start (${detail})`);
    });
    worker.addEventListener('messageerror', () => {
      if (worker === this.worker) this.#crash('a message from the worker could not be read');
    });
  }

  // onProgress(progress): called for each progress message of a long request (a neural training).
  // transfer: ArrayBuffers of the payload handed to the worker rather than copied (a model file).
  request(type, payload = {}, { onProgress = null, transfer = [] } = {}) {
    if (this.deadReason) return Promise.reject(new RequestError(this.deadReason, 'internal'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.worker.postMessage({ id, type, ...payload }, transfer);
    });
  }

  // A message without a reply (pause, resume, stop a training).
  send(type, payload = {}) {
    if (!this.deadReason) this.worker.postMessage({ type, ...payload });
  }

  // Throws the worker away (e.g. a training the user no longer wants) and starts a fresh one.
  restart(reason = new WorkerStopped()) {
    this.worker.terminate();
    this.#rejectAll(reason);
    this.start();
  }

  // Ends the worker for good: its playground is gone.
  dispose() {
    this.worker.terminate();
    this.#rejectAll(new WorkerStopped());
    this.deadReason = 'this playground was closed';
  }

  #receive(message) {
    if (message.type === 'ready') {
      this.ready = true;
      this.onReady?.();
      return;
    }
    if (message.type === 'fatal') {
      this.#crash(message.error, { permanent: Boolean(message.permanent) });
      return;
    }
    const waiter = this.pending.get(message.id);
    if (!waiter) return;
    if (message.progress) {
      waiter.onProgress?.(message.progress);
      return;
    }
    this.pending.delete(message.id);
    if (message.ok) waiter.resolve(message);
    else waiter.reject(new RequestError(message.error, message.kind ?? 'internal'));
  }

  #crash(reason, { permanent = false } = {}) {
    // A worker that never got its engine loaded would only fail the same way again.
    if (!this.ready) permanent = true;
    this.worker.terminate();
    this.#rejectAll(new WorkerCrash(reason));
    if (permanent) this.deadReason = reason;
    else this.start();
    this.onCrash?.(reason, { permanent });
  }

  #rejectAll(error) {
    const waiters = [...this.pending.values()];
    this.pending.clear();
    for (const waiter of waiters) waiter.reject(error);
  }
}
