// Search in the page's language. Material fetches <site root>/search/search_index.json
// on every page; the build writes one index per language (hooks/i18n_search.py), the
// English one at <site root>/en/search/search_index.json. Loaded before Material's
// bundle (overrides/main.html, block libs), this points the request of a page in
// another language than the default at that language's index. Language switches are
// full page loads, so a page never keeps another language's index.
(function () {
  var lang = document.documentElement.lang;
  if (!lang || lang === "zh") return;
  var open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    var args = Array.prototype.slice.call(arguments);
    var target = new URL(String(url), location.href);
    var index = /\/search\/search_index\.json$/;
    if (index.test(target.pathname) && target.pathname.indexOf("/" + lang + "/search/") < 0) {
      target.pathname = target.pathname.replace(index, "/" + lang + "/search/search_index.json");
      args[1] = target.href;
    }
    return open.apply(this, args);
  };
})();
