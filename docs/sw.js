// The handbook's service worker: after one visit, the handbook's pages and its
// calculators work with no network, and a repeat visit starts the engine from the cache.
// It lives at the root of the built site (of each mike version), so its scope is that
// version and nothing else; registered by assets/engine/offline.js.
//
// Never a stale policy:
//   - pages, manifest.json, search index, unhashed scripts (the engine's, and
//     pyodide/pyodide.mjs, which the worker imports before it reads the manifest):
//     network first, the cache only when the network fails (offline);
//   - the engine (snapshot-<hash>.bin, stdlib-<hash>.zip, policy-<hash>.json, the wheel,
//     the rest of the Pyodide runtime under assets/engine/pyodide/): cache first, in a
//     cache named after the scope, the Pyodide version and the snapshot the current
//     manifest names. Each of these files is named by its content, and the manifest
//     (network first) names the ones of the current release: a changed policy is a new
//     policy-<hash>.json, fetched once (and the previous policy file is deleted from the
//     cache); changed calculators code is a new snapshot name, which opens a new engine
//     cache, and the old one of this scope is deleted;
//   - Material's hashed bundles (*.<hash>.min.js|css): cache first (immutable).
// One exception to "network first": the page Material's instant navigation requests
// (an XMLHttpRequest, not a navigation) is not answered here but goes to the network by
// itself: answering it took about 25 ms off the next page's first result (the worker's
// own fetch, the copy, the write). The page is kept all the same, a second later (a
// revalidation: HTML is no-cache), so it still opens offline. Offline (navigator.onLine
// false) it is answered from the cache, as before, so navigation stays instant; when the
// network fails while the browser thinks itself online, Material falls back to a full
// navigation, which this worker answers from the cache.
// Offline, a page this worker has not kept is answered with a redirect to the handbook's
// "offline" page (offline/ under the language's root; the page sends its address to keep),
// which says so, lists the pages kept in its language (asked for with a "pages" message)
// and opens the page asked for once the network is back.
// Caches are per origin, shared by every version's worker: names carry the scope.
"use strict";

const SCOPE = self.registration.scope; // e.g. http://host/1.2/
const PAGES = `hb-pages ${SCOPE}`;
const ENGINE_PREFIX = `hb-engine ${SCOPE} `;
const MANIFEST = new URL("assets/engine/manifest.json", SCOPE).href;
const ENGINE_DIR = new URL("assets/engine/", SCOPE).href;
const HASHED_BUNDLE = /\/assets\/(javascripts|stylesheets)\/.*\.[0-9a-f]{8}\.min\.(js|css)$/;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

function isEngineFile(url) {
  if (!url.href.startsWith(ENGINE_DIR)) return false;
  const rest = url.href.slice(ENGINE_DIR.length).split("?")[0];
  if (rest === "pyodide/pyodide.mjs") return false; // imported before the manifest is read
  return rest.startsWith("pyodide/") || /^(snapshot|policy|stdlib)-[0-9a-f]+\.(bin|json|zip)$/.test(rest)
    || rest.endsWith(".whl");
}

// The manifest this scope last fetched (or kept, when offline).
async function keptManifest() {
  const kept = await caches.open(PAGES).then((c) => c.match(MANIFEST));
  if (!kept) return null;
  try {
    return await kept.json();
  } catch {
    return null;
  }
}

// The engine cache that manifest names.
function engineName(manifest) {
  return manifest ? `${ENGINE_PREFIX}${manifest.pyodide} ${manifest.snapshot}` : null;
}

async function engineCache() {
  return engineName(await keptManifest());
}

// A new manifest: drop the engine caches of this scope made for other manifests, and,
// in the one kept, the policy files of earlier releases (a release that changes the
// policy only keeps the engine cache, and its old policy would stay there for good).
async function pruneEngines() {
  const manifest = await keptManifest();
  const current = engineName(manifest);
  for (const name of await caches.keys()) {
    if (name.startsWith(ENGINE_PREFIX) && name !== current) await caches.delete(name);
  }
  if (!current || !manifest.policy) return;
  const cache = await caches.open(current);
  for (const request of await cache.keys()) {
    const file = new URL(request.url).pathname.split("/").pop();
    if (/^policy-[0-9a-f]+\.json$/.test(file) && file !== manifest.policy) {
      await cache.delete(request);
    }
  }
}

async function keep(cacheName, request, response) {
  if (!response || response.status !== 200 || response.type !== "basic") return;
  const cache = await caches.open(cacheName);
  await cache.put(request, response);
}

// A page requested by instant navigation: kept (fetched again, through the HTTP cache)
// once that navigation is over, off the way of its first result.
const KEEP_PAGE_AFTER_MS = 1000;
function isInstantPage(request, url) {
  return request.mode !== "navigate" && request.destination === ""
    && (url.pathname.endsWith("/") || url.pathname.endsWith(".html"));
}

async function keepPageLater(url) {
  await new Promise((resolve) => setTimeout(resolve, KEEP_PAGE_AFTER_MS));
  const response = await fetch(url).catch(() => null);
  await keep(PAGES, url, response);
}

// The kept "offline" page for `url`: the one of its language, i.e. the one under the
// longest root `url` is in (offline/, en/offline/, ...). None: null.
const OFFLINE = "offline/";
async function offlinePageFor(url) {
  const cache = await caches.open(PAGES);
  let root = null;
  for (const request of await cache.keys()) {
    if (!request.url.endsWith(`/${OFFLINE}`)) continue;
    const at = request.url.slice(0, -OFFLINE.length);
    if (url.startsWith(at) && (!root || at.length > root.length)) root = at;
  }
  return root && `${root}${OFFLINE}`;
}

// The kept pages (their address, path under the scope and <title>), for the offline page.
async function keptPages() {
  const cache = await caches.open(PAGES);
  const pages = [];
  for (const request of await cache.keys()) {
    const url = new URL(request.url);
    if (url.search || !(url.pathname.endsWith("/") || url.pathname.endsWith(".html"))) continue;
    const response = await cache.match(request);
    if (!response || !(response.headers.get("content-type") || "").includes("html")) continue;
    const title = /<title>([^<]*)<\/title>/.exec(await response.text());
    pages.push({ url: url.href, path: url.href.slice(SCOPE.length), title: title ? title[1] : "" });
  }
  return pages;
}

async function networkFirst(event) {
  const { request } = event;
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic") {
      const copy = response.clone();
      const stored = keep(PAGES, request, copy).then(async () => {
        if (request.url === MANIFEST) await pruneEngines();
      });
      event.waitUntil(stored.catch(() => {}));
      if (request.url === MANIFEST) await stored.catch(() => {});
    }
    return response;
  } catch (err) {
    const cached = await caches.match(request, { cacheName: PAGES, ignoreVary: true });
    if (cached) return cached;
    const offline = request.mode === "navigate" ? await offlinePageFor(request.url) : null;
    if (offline && request.url.startsWith(offline)) { // itself, with the page asked for
      const page = await caches.match(offline, { cacheName: PAGES });
      if (page) return page;
    } else if (offline) {
      const asked = new URL(request.url);
      return Response.redirect(`${offline}?from=${encodeURIComponent(asked.pathname + asked.search)}`, 302);
    }
    throw err;
  }
}

async function cacheFirst(event, cacheName) {
  const { request } = event;
  if (cacheName) {
    const cached = await caches.open(cacheName).then((c) => c.match(request));
    if (cached) return cached;
  }
  const response = await fetch(request);
  if (cacheName) event.waitUntil(keep(cacheName, request, response.clone()).catch(() => {}));
  return response;
}

// A page loaded before this worker was active (the very first one) sends its address
// and its resources (scripts, styles, fonts, images), so that it opens offline too, and
// what its engine fetched to boot (offline.js): the manifest first, since it names the
// engine cache the engine's files go to. Fetched again through the HTTP cache, where
// they already are: no engine body is downloaded twice.
async function keepOne(cacheName, url) {
  if (!cacheName) return;
  const cache = await caches.open(cacheName);
  if (await cache.match(url)) return;
  const response = await fetch(url).catch(() => null);
  if (response && response.ok && response.type === "basic") await cache.put(url, response);
}

// `progress(done, total)`: after each address, kept or not (the home page's "keep every
// page" shows it: offline_save.js).
async function keepAll(urls, progress = () => {}) {
  if (urls.includes(MANIFEST)) await keepOne(PAGES, MANIFEST);
  // (a page's list without engine files, such as a later page's offline page, reads no
  // manifest)
  const engine = urls.some((url) => isEngineFile(new URL(url))) ? await engineCache() : null;
  const rest = urls.filter((url) => url !== MANIFEST);
  let done = 0;
  await Promise.all(rest.map((url) =>
    keepOne(isEngineFile(new URL(url)) ? engine : PAGES, url).catch(() => {})
      .then(() => progress(++done, rest.length))));
}

// How many of `urls` this scope's pages cache holds.
async function countKept(urls) {
  const cache = await caches.open(PAGES);
  const held = await Promise.all(urls.map((url) => cache.match(url)));
  return held.filter(Boolean).length;
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "pages" && event.ports[0]) {
    const port = event.ports[0];
    event.waitUntil(keptPages().then((pages) => port.postMessage(pages), () => port.postMessage([])));
    return;
  }
  if (data.type !== "keep" || !Array.isArray(data.urls)) return;
  const urls = [...new Set(data.urls.filter((u) => typeof u === "string" && u.startsWith(SCOPE)))];
  const port = event.ports[0]; // asked for progress: {done, total}, then {kept, total, end}
  if (!port) {
    event.waitUntil(keepAll(urls).catch(() => {}));
    return;
  }
  event.waitUntil(keepAll(urls, (done, total) => port.postMessage({ done, total }))
    .catch(() => {})
    .then(() => countKept(urls))
    .then((kept) => port.postMessage({ kept, total: urls.length, end: true }),
      () => port.postMessage({ kept: 0, total: urls.length, end: true })));
});

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET" || request.headers.has("range")) return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.href.startsWith(SCOPE)) return;
  if (url.pathname.includes("/livereload/")) return; // mkdocs serve's long poll
  if (isEngineFile(url)) {
    event.respondWith(engineCache().then((name) => cacheFirst(event, name)));
  } else if (HASHED_BUNDLE.test(url.pathname)) {
    event.respondWith(cacheFirst(event, PAGES));
  } else if (isInstantPage(request, url) && self.navigator.onLine) {
    event.waitUntil(keepPageLater(request.url).catch(() => {}));
  } else {
    event.respondWith(networkFirst(event));
  }
});
