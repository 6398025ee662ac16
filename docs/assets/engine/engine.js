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
//   offline.js   registers the service worker (../../sw.js): offline use, repeat visits

import { bindBatch } from "./batch.js";
import { createEngine } from "./client.js";
import { bindForm } from "./form.js";
import { keepOffline } from "./offline.js";
import { pageLang } from "./strings.js";

const engine = createEngine({
  createWorker: () => new Worker(new URL("./worker.js", import.meta.url), { type: "module" }),
  lang: () => pageLang(document),
});

function bindAll() {
  for (const form of document.querySelectorAll("form[data-calculator]")) bindForm(form, engine);
  for (const panel of document.querySelectorAll("[data-batch]")) bindBatch(panel, engine);
}

// The service worker first (at once when it is already active): a worker started after
// it is active has its downloads kept for offline use and the next visit.
const offline = keepOffline();

// On a calculator page this module is also loaded async from <head> (overrides/
// main.html), before the page is parsed: boot at once, bind once the page is there.
if (document.querySelector('meta[name="hb-engine"]')) offline.then(() => engine.start());

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
// A page without a calculator binds nothing that starts the engine: no need to wait.
const calculators = () => document.querySelector("form[data-calculator], [data-batch]");
loaded.then(() => (calculators() ? offline : null)).then(subscribe);
