// The engine's worker, started as early as a page can: loaded async from <head> on
// calculator pages (overrides/main.html), with no imports, so it runs as soon as it
// arrives, while the page is still parsing. On a phone the rest of the page's scripts keep
// the main thread busy for seconds (measured: the worker started 3 s later when it waited
// for engine.js's modules). engine.js takes this worker for its client (takeWorker).

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

let take = null;
if (globalThis.document && document.querySelector('meta[name="hb-engine"]')) {
  take = holdMessages(new Worker(new URL("./worker.js", import.meta.url), { type: "module" }));
}

/** The early worker, once (null on pages without one, and after): for createWorker(). */
export function takeWorker() {
  const taken = take;
  take = null;
  return taken ? taken() : null;
}
