// "Reading offline" on the home page (docs/index.md, `[data-offline-save]`): the reader
// keeps every page of their language on this device, to read it where there is no
// network (a train, a customer's basement). The service worker keeps each page as a visit
// would (docs/sw.js, the "keep" message); a page already kept is not downloaded again.
// The reader's choice, not done behind their back (phones on metered data): measured on
// 2026-11-30, 0.43 MB with Brotli for a language's 50 pages. The list is the language's search index (every page but the
// "offline" one), which is kept too, so that the search works offline as well.
// Shown only where a service worker can keep pages; the texts are the page's own
// (data-saving, data-saved, data-partial, data-failed), so every language has them.
import { languageRoots } from "./language_roots.js";

/** The pages to keep for a language: each page its search index lists (locations relative
 *  to the site's root, anchors dropped), once. */
export function pagesToKeep(index, root) {
  const urls = new Set();
  for (const doc of (index && Array.isArray(index.docs) ? index.docs : [])) {
    if (doc && typeof doc.location === "string") urls.add(new URL(doc.location.split("#")[0], root).href);
  }
  return [...urls];
}

/** Material's search worker script (its page configuration's `search`), as a list. */
export function searchWorker(doc) {
  try {
    const config = JSON.parse(doc.querySelector("#__config").textContent);
    const base = new URL(`${config.base || "."}/`, doc.location.href);
    return typeof config.search === "string" ? [new URL(config.search, base).href] : [];
  } catch {
    return [];
  }
}

/** A status text: its {done}, {total} and {kept} filled in. */
export function fill(template, values) {
  return String(template || "").replace(/\{(done|total|kept)\}/g, (all, name) =>
    name in values ? String(values[name]) : all);
}

/** Ask the service worker to keep `urls`; `onProgress({done, total})` as it goes. Resolves
 *  to {kept, total} (kept: how many it now holds). */
function keep(worker, urls, onProgress) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = ({ data }) => {
      if (data && data.end) resolve(data);
      else if (data) onProgress(data);
    };
    worker.postMessage({ type: "keep", urls }, [channel.port2]);
  });
}

function bind(box) {
  if (box.dataset.bound) return;
  box.dataset.bound = "1";
  const sw = globalThis.navigator && navigator.serviceWorker;
  if (!sw || !globalThis.isSecureContext) return; // nothing can keep pages: stays hidden
  box.hidden = false;
  const button = box.querySelector("button");
  const status = box.querySelector("[data-offline-save-status]");
  // Each page's progress goes to the bar; the status, which a screen reader reads out,
  // changes at the start and at the end only.
  const bar = box.querySelector("[data-offline-save-progress]");
  const say = (key, values = {}) => {
    status.textContent = fill(box.dataset[key], values);
  };
  button.addEventListener("click", async () => {
    button.disabled = true;
    const root = new URL("../../", import.meta.url);
    const indexURL = `${languageRoots(document).own}search/search_index.json`;
    status.textContent = "…"; // (until the index, which counts the pages, is in)
    try {
      const index = new URL(indexURL, root).href;
      const response = await fetch(index);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const urls = pagesToKeep(await response.json(), root);
      if (!urls.length) throw new Error("no pages");
      const registration = await sw.ready;
      // The search, offline: its index and Material's search worker (a worker's own
      // scripts are not among the page's resources that the first visit had kept).
      registration.active.postMessage({ type: "keep", urls: [index, ...searchWorker(document)] });
      say("saving", { total: urls.length });
      if (bar) Object.assign(bar, { max: urls.length, value: 0, hidden: false });
      const { kept, total } = await keep(registration.active, urls, ({ done }) => {
        if (bar) bar.value = done;
      });
      say(kept === total ? "saved" : "partial", { kept, total });
    } catch {
      say("failed");
    } finally {
      button.disabled = false;
      if (bar) bar.hidden = true;
    }
  });
}

function bindAll() {
  for (const box of document.querySelectorAll("[data-offline-save]")) bind(box);
}

if (globalThis.document$ && typeof globalThis.document$.subscribe === "function") {
  globalThis.document$.subscribe(bindAll);
} else if (globalThis.document) {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", bindAll, { once: true });
  else bindAll();
}
