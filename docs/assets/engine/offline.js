// Registers the handbook's service worker (sw.js at the root of this build, i.e. of this
// mike version): offline reading and instant repeat visits. See sw.js for what it keeps.
//
// keepOffline() resolves once the service worker is active (at once on a repeat visit),
// or after `waitMs` at most, or at once where service workers are unavailable (http on a
// non-local host, old WebViews): the engine (engine.js) starts its worker after that, so
// that on the first visit the worker's downloads already pass through the service worker
// and are kept: no second download to fill the cache.
export function keepOffline({ waitMs = 1500 } = {}) {
  const sw = globalThis.navigator && navigator.serviceWorker;
  if (!sw || !globalThis.isSecureContext) return Promise.resolve(false);
  const root = new URL("../../", import.meta.url);
  const controlled = Boolean(sw.controller);
  const active = sw
    .register(new URL("sw.js", root), { scope: root.pathname })
    .then(() => sw.ready)
    .then((registration) => {
      // This page came before the service worker: have it keep the page and what the
      // page loaded (the engine's downloads pass through the worker by themselves).
      if (!controlled && registration.active) {
        addEventListener("load", () => keepPage(registration.active), { once: true });
        if (document.readyState === "complete") keepPage(registration.active);
      }
      return true;
    }, () => false);
  // A repeat visit (this page is already controlled): the engine's downloads pass
  // through the service worker anyway, so its worker starts now rather than after
  // register()'s update check of sw.js (a round trip; offline, a failed fetch).
  if (controlled) return Promise.resolve(true);
  const timeout = new Promise((resolve) => setTimeout(() => resolve(false), waitMs));
  return Promise.race([active, timeout]);
}

let sent = false;
function keepPage(worker) {
  if (sent) return;
  sent = true;
  const urls = [location.href];
  for (const entry of performance.getEntriesByType("resource")) {
    if (entry.name.startsWith(location.origin)) urls.push(entry.name.split("#")[0]);
  }
  worker.postMessage({ type: "keep", urls });
}
