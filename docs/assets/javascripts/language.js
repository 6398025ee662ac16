// Keep the language switcher on the current page, with its query and fragment: a
// calculator keeps its inputs in the query, so they survive the switch. The links are rendered per page
// (overrides/partials/alternate.html), but with navigation.instant Material swaps
// only the content, not the header, so after an instant navigation they would still
// point at the first page's translation. Recompute them on every page Material shows.
import { languageRoots } from "./language_roots.js";

function retarget() {
  const scope = globalThis.__md_scope; // the site root (Material sets it inline)
  const links = document.querySelectorAll("a.md-select__link[data-hb-prefix]");
  if (!(scope instanceof URL) || links.length === 0) return;
  let rel = location.pathname.startsWith(scope.pathname)
    ? location.pathname.slice(scope.pathname.length)
    : "";
  const prefix = languageRoots(document).own;
  if (prefix && rel.startsWith(prefix)) rel = rel.slice(prefix.length);
  for (const link of links) {
    link.href = new URL(link.dataset.hbPrefix + rel + location.search + location.hash, scope).href;
  }
}

// At click time (capture phase, before the browser follows the link) the location is
// certainly the current page; document$ may emit before the address bar changes, so
// the update there is deferred a tick (it keeps hover and keyboard focus right).
document.addEventListener("click", (event) => {
  if (event.target instanceof Element && event.target.closest("a.md-select__link[data-hb-prefix]")) {
    retarget();
  }
}, true);
if (globalThis.document$ && typeof globalThis.document$.subscribe === "function") {
  globalThis.document$.subscribe(() => setTimeout(retarget, 0));
} else {
  retarget();
}
