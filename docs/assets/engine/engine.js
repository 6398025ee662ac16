// Calculator widgets on the main thread: the entry point (mkdocs.yml's extra_javascript,
// and, on calculator pages, loaded async from <head> by overrides/main.html: the same
// URL, so the module is evaluated once). It starts the worker the first time a page with
// a calculator is shown and binds the widgets on every page Material shows: document$
// emits on the first load and after every instant navigation, so widgets are re-bound
// without starting a second engine. Pages without a calculator load no Pyodide byte.
//
// The work is split by job, all under assets/engine/ (same origin; no inline script, no
// eval, so the site's CSP `script-src 'self'` holds):
//   client.js    the worker client: one worker, started lazily; requests by id; status
//                and progress; a time limit per request (restarts a stuck worker)
//   form.js      a calculator form: inputs, URL state, outputs, errors, reset, copy
//   urlstate.js  non-default inputs <-> the query string (pure)
//   batch.js     a batch panel: CSV file or pasted text, results table, downloads
//   strings.js   the words the widgets show, every catalog language (pure; from
//                catalog.js, generated from calculators/catalog by hooks/catalog_js.py)
//   worker.js    the worker itself (Pyodide + calculators.web.handle)
//   snapdelta.js the memory snapshot ships as a delta against Pyodide's wasm: undone here
//   boot.js      starts the worker from <head> on calculator pages, before the rest loads
//   offline.js   registers the service worker (../../sw.js): offline use, repeat visits;
//                on a first visit it hands the service worker what the engine fetched

import { bindBatch } from "./batch.js";
import { engineId, retryLater, startWorker, takeWorker, WORKER_URL } from "./boot.js";
import { createEngine } from "./client.js";
import { bindForm } from "./form.js";
import { keepOffline } from "./offline.js";
import { pageLang } from "./strings.js";

let launched = false;
const engine = createEngine({
  // The worker boot.js started from <head> (calculator pages), else this release's (shared,
  // where the browser keeps it: boot.js startWorker). Once one was started, a call is a
  // restart after the time limit: a fresh worker, not the stuck one.
  createWorker: () => {
    const worker = takeWorker() ?? startWorker(WORKER_URL, { id: engineId(), fresh: launched });
    launched = true;
    return worker;
  },
  lang: () => pageLang(document),
});

// An engine that failed is not the one the next page of this release meets (boot.js).
let failedSeen = false;
engine.subscribe((status) => {
  if (status.state !== "failed" || failedSeen) return;
  failedSeen = true;
  retryLater(engineId());
});

function bindAll() {
  for (const form of document.querySelectorAll("form[data-calculator]")) bindForm(form, engine);
  for (const panel of document.querySelectorAll("[data-batch]")) bindBatch(panel, engine);
}

// On a calculator page this module is also loaded async from <head> (overrides/
// main.html), before the page is parsed: boot at once, bind once the page is there.
if (document.querySelector('meta[name="hb-engine"]')) engine.start();

// The service worker, for offline use and the next visit. The engine does not wait for
// it: offline.js has it keep what the engine fetched once the engine is ready.
keepOffline(engine);

function subscribe() {
  if (globalThis.document$ && typeof globalThis.document$.subscribe === "function") {
    globalThis.document$.subscribe(bindAll);
  } else {
    bindAll();
  }
}
// Material's bundle (which defines document$) runs at the end of the body.
const loaded = document.readyState === "loading"
  ? new Promise((resolve) => document.addEventListener("DOMContentLoaded", resolve, { once: true }))
  : Promise.resolve();
loaded.then(subscribe);
