// The "offline" page (docs/offline.md; offline/ under each language's root). Offline, the
// service worker (docs/sw.js) redirects a page it has not kept here, with that page's
// path in ?from=. This shows the path, lists the pages this device keeps in the page's
// language (the service worker's answer to a "pages" message) and opens the page asked
// for as soon as the network is back, or on "try again". Elsewhere it does nothing.
import { languageRoots } from "./language_roots.js";

/** The page asked for (`from`, a path) as a URL within `root`; null for anything else,
 *  so that the link cannot lead off the handbook. */
export function askedPage(from, root) {
  if (!from) return null;
  let url;
  try {
    url = new URL(from, root);
  } catch {
    return null;
  }
  return url.origin === root.origin && url.pathname.startsWith(root.pathname) ? url : null;
}

const NAMED = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/** A <title>'s text: its character references decoded (Jinja writes &amp;, &#39; ...). */
export function decodeEntities(text) {
  return String(text).replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref) => {
    if (ref[0] !== "#") return NAMED[ref.toLowerCase()] ?? whole;
    const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** The kept pages of one language (`own`: its root under the site's; `all`: every
 *  language's), in the order of their paths, titled without the site's name. The
 *  offline and not-found pages are left out. */
export function pagesOf(pages, own, all, siteName) {
  const others = all.filter((prefix) => prefix && prefix !== own && prefix.startsWith(own));
  const suffix = ` - ${siteName}`;
  return pages
    .filter((page) => page.path.startsWith(own) && !others.some((o) => page.path.startsWith(o)))
    .filter((page) => !/(^|\/)offline\/$/.test(page.path) && !/(^|\/)404\.html$/.test(page.path))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((page) => {
      const title = decodeEntities(page.title);
      return { url: page.url, title: (title.endsWith(suffix) ? title.slice(0, -suffix.length) : title) || page.path };
    });
}

/** The service worker's list of kept pages ([] without one, or after 5 s). */
function keptPages() {
  const worker = globalThis.navigator && navigator.serviceWorker && navigator.serviceWorker.controller;
  if (!worker) return Promise.resolve([]);
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(Array.isArray(event.data) ? event.data : []);
    worker.postMessage({ type: "pages" }, [channel.port2]);
    setTimeout(() => resolve([]), 5000);
  });
}

// The page asked for, as soon as the server answers (a HEAD request, which the service
// worker leaves to the network): at the "online" event, or after 2 s if the browser
// believes it is online already (a server down, a network that lets nothing through;
// not at once: were the server to answer a HEAD but not the page, this page would come
// back at once, again and again), then every 2 s, slowing to every 30 s, while this page
// is shown. The network can lag behind the event, and a navigation made too soon would
// land here again.
let trying = false;
async function openWhenReachable(asked, first = 0) {
  if (trying) return;
  trying = true;
  await new Promise((resolve) => setTimeout(resolve, first));
  for (let wait = 2000; document.querySelector("[data-offline-pages]"); wait = Math.min(wait * 1.5, 30000)) {
    const answered = await fetch(asked.href, { method: "HEAD", cache: "no-store" }).then(() => true, () => false);
    if (answered) {
      location.replace(asked.href);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
  trying = false;
}

function render() {
  const list = document.querySelector("[data-offline-pages]");
  if (!list) return;
  const root = new URL("../../", import.meta.url);
  const { own, all } = languageRoots(document);
  const asked = askedPage(new URLSearchParams(location.search).get("from"), root);
  const retry = document.querySelector("[data-offline-retry]");
  if (retry) retry.href = (asked || new URL(own, root)).href;
  if (asked) {
    let path = asked.pathname;
    try {
      path = decodeURI(path);
    } catch {
      // shown as it is
    }
    document.querySelector("[data-offline-path]").textContent = path + asked.search;
    document.querySelector("[data-offline-asked]").hidden = false;
    addEventListener("online", () => openWhenReachable(asked));
    if (navigator.onLine) openWhenReachable(asked, 2000);
  }
  const siteName = document.title.includes(" - ") ? document.title.split(" - ").pop() : "";
  keptPages().then((pages) => {
    const mine = pagesOf(pages, own, all, siteName);
    list.replaceChildren(...mine.map((page) => {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = page.url;
      link.textContent = page.title;
      item.append(link);
      return item;
    }));
    // Hidden while empty (as served): an empty list still takes its margins.
    list.hidden = mine.length === 0;
    const none = document.querySelector("[data-offline-none]");
    if (none) none.hidden = mine.length > 0;
  });
}

if (globalThis.document$ && typeof globalThis.document$.subscribe === "function") {
  globalThis.document$.subscribe(render);
} else if (globalThis.document) {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", render, { once: true });
  else render();
}
