// The engine's worker, started as early as a page can: loaded async from <head> on
// calculator pages (overrides/main.html), with no imports, so it runs as soon as it
// arrives, while the page is still parsing. On a phone the rest of the page's scripts keep
// the main thread busy for seconds (measured: the worker started 3 s later when it waited
// for engine.js's modules). engine.js takes this worker for its client (takeWorker).
// Where the browser allows, the worker is shared and outlives the page (startWorker).

/**
 * Hold what `worker` says until it is taken: returns take(), which gives the worker and
 * replays what was held (boot progress, "ready" on a fast repeat visit), in order, to the
 * handler the taker sets as `worker.onmessage` in the same task. A microtask runs before
 * the next message can be dispatched, so nothing overtakes what was held.
 */
export function holdMessages(worker) {
  const held = [];
  const hold = (event) => held.push(event.data);
  worker.addEventListener("message", hold);
  return () => {
    queueMicrotask(() => {
      worker.removeEventListener("message", hold);
      for (const data of held.splice(0)) worker.dispatchEvent(new MessageEvent("message", { data }));
    });
    return worker;
  };
}

/**
 * Whether this browser keeps a SharedWorker alive for a while after its last page has gone
 * (the `extendedLifetime` option, Chromium 148 and later). Asked without starting one: the
 * options are read before the address, which then fails to parse.
 */
export function sharedLivesOn(SharedWorkerClass = globalThis.SharedWorker) {
  if (typeof SharedWorkerClass !== "function") return false;
  let read = false;
  try {
    new SharedWorkerClass("http://[", { get extendedLifetime() { read = true; return true; } });
  } catch {
    // the address never parses: nothing was started
  }
  return read;
}

/**
 * A SharedWorker's port, as the client uses a Worker: postMessage, onmessage, the message
 * events boot.js holds, onerror (the worker's: its script failed) and terminate (this
 * page lets go; the worker stays for the others).
 */
export function portWorker(shared) {
  const { port } = shared;
  port.start(); // (a listener added with addEventListener does not start a port)
  return {
    postMessage: (message) => port.postMessage(message),
    addEventListener: (type, fn) => port.addEventListener(type, fn),
    removeEventListener: (type, fn) => port.removeEventListener(type, fn),
    dispatchEvent: (event) => port.dispatchEvent(event),
    set onmessage(fn) { port.onmessage = fn; },
    set onerror(fn) { shared.onerror = fn; },
    terminate: () => port.close(),
  };
}

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
const retryKey = (id) => `hb-engine-retry ${id}`;

/**
 * The engine of release `id` failed (it could not load, or stalled: say, the network
 * dropped while it booted). A shared engine stays as it is while the browser keeps it, so
 * this release's pages use a new one from now on, which tries again: its name is kept in
 * localStorage, so that a reload gets it too.
 */
export function retryLater(id, store = globalThis.localStorage) {
  try {
    if (id && store) store.setItem(retryKey(id), unique());
  } catch {
    // no storage (a private window that refuses it): a reload may meet the failed one
  }
}

/**
 * The engine's worker, for the page's release (`id`, its hb-engine-id). Where the browser
 * keeps a shared worker alive past a page load, one per release, shared: a reload, the next
 * calculator page and a second tab find Python booted, and a phone holds one engine, not
 * one per tab. A release with another engine has another id, so another worker: never the
 * previous policy. `fresh`: not the running one (it is stuck on a request; the time limit
 * in client.js), a new one of its own; after a failure (retryLater),
 * the new one that replaced it. Elsewhere, or with no id: a dedicated worker.
 */
export function startWorker(url, { id = null, fresh = false, shared = sharedLivesOn(),
  store = globalThis.localStorage } = {}) {
  if (id && shared) {
    let retry = null;
    try {
      retry = store ? store.getItem(retryKey(id)) : null;
    } catch {
      // no storage: the release's engine
    }
    const name = fresh ? `${id} ${unique()}` : (retry ? `${id} ${retry}` : id);
    return portWorker(new SharedWorker(url, { type: "module", name, extendedLifetime: true }));
  }
  return new Worker(url, { type: "module" });
}

/** The page's engine id (hb-engine-id), or null. */
export function engineId() {
  const meta = globalThis.document && document.querySelector('meta[name="hb-engine-id"]');
  return (meta && meta.content) || null;
}

export const WORKER_URL = new URL("./worker.js", import.meta.url);

let take = null;
if (globalThis.document && document.querySelector('meta[name="hb-engine"]')) {
  take = holdMessages(startWorker(WORKER_URL, { id: engineId() }));
}

/** The early worker, once (null on pages without one, and after): for createWorker(). */
export function takeWorker() {
  const taken = take;
  take = null;
  return taken ? taken() : null;
}
