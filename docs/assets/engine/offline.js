// Registers the handbook's service worker (sw.js at the root of this build, i.e. of this
// mike version): offline reading and instant repeat visits. See sw.js for what it keeps.
//
// Nothing waits for it: the engine starts at once (on a phone, waiting for the service
// worker to install held the first result back by seconds). On a repeat visit the page
// is controlled, and the engine's downloads pass through the service worker by
// themselves. On a first visit they do not, so once the service worker is active the
// page sends it the addresses to keep: the page and its resources (at load), and what
// the engine fetched to boot (when it is ready). The service worker fetches them again
// through the HTTP cache, where the engine's files already are (immutable ones are not
// asked for; the others are revalidated: no body is downloaded twice).
//
// Every page also sends the address of the "offline" page in its language (docs/
// offline.md), which the service worker opens, offline, instead of a page it has not
// kept. It keeps it the first time (then finds it kept), so that a reader whose service
// worker came before that page has it too.
import { languageRoots } from "../javascripts/language_roots.js";

export function keepOffline(engine) {
  const sw = globalThis.navigator && navigator.serviceWorker;
  if (!sw || !globalThis.isSecureContext) return Promise.resolve(false);
  const root = new URL("../../", import.meta.url);
  // Once the header (the language switcher) is parsed: on a calculator page this module
  // runs from <head>, before it.
  const offline = () => offlinePage(document, root);
  if (sw.controller) {
    const controller = sw.controller;
    if (document.readyState !== "loading") keep(controller, [offline()]);
    else document.addEventListener("DOMContentLoaded", () => keep(controller, [offline()]), { once: true });
    return Promise.resolve(true);
  }
  return sw
    .register(new URL("sw.js", root), { scope: root.pathname })
    .then(() => sw.ready)
    .then((registration) => {
      const worker = registration.active;
      if (!worker) return false;
      const keepPage = () => keep(worker, [location.href, ...pageResources(), offline()]);
      if (document.readyState === "complete") keepPage();
      else addEventListener("load", keepPage, { once: true });
      if (engine) keepEngine(worker, engine);
      return true;
    }, () => false);
}

/** The "offline" page of `doc`'s language: offline/ under that language's root. */
export function offlinePage(doc, root) {
  return new URL(`${languageRoots(doc).own}offline/`, root).href;
}

/** The page's own resources to keep: same-origin, and not the runtime's wasm. A first
 *  visit's page asks for that early, for the worker (overrides/main.html); it is the
 *  engine's to send, with the manifest that names the cache it goes to. Sent with the
 *  page, before that manifest was kept, it went nowhere, and was not sent again. */
export function pageResources(entries = performance.getEntriesByType("resource"),
                              origin = location.origin) {
  return entries
    .map((entry) => entry.name.split("#")[0])
    .filter((url) => url.startsWith(origin) && !url.split("?")[0].endsWith(".wasm"));
}

// The engine's files, once it has booted (now, if it already has).
function keepEngine(worker, engine) {
  let done = false;
  const check = (status) => {
    if (done || status.state !== "ready" || !status.urls || !status.urls.length) return;
    done = true;
    keep(worker, status.urls.filter((url) => url.startsWith(location.origin)));
  };
  const stop = engine.subscribe(check);
  check(engine.status);
  if (done && typeof stop === "function") stop();
}

const sent = new Set();
function keep(worker, urls) {
  const fresh = urls.filter((url) => !sent.has(url));
  if (!fresh.length) return;
  for (const url of fresh) sent.add(url);
  worker.postMessage({ type: "keep", urls: fresh });
}
