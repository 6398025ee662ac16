// The languages' roots under the site's, as the language switcher's links name them
// (overrides/partials/alternate.html, data-hb-prefix: "", "en/", "zh-Hant/"). Pure (no
// side effects when imported): language.js, the engine's offline.js and offline_page.js
// read it, and tests/js/offline_page.test.mjs runs it under node.

/** `all` the roots, and `own`, that of `doc`'s language ("" without a switcher). */
export function languageRoots(doc) {
  const links = [...doc.querySelectorAll("a.md-select__link[data-hb-prefix]")];
  const own = links.find((a) => a.getAttribute("hreflang") === doc.documentElement.lang);
  return { own: own ? own.dataset.hbPrefix : "", all: links.map((a) => a.dataset.hbPrefix) };
}
