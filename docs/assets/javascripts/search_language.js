// Search in the page's language, and results that contain what was searched.
// Loaded before Material's bundle (overrides/main.html, block libs), so that:
// 1. a page in another language than the default asks for that language's index: the
//    build writes one index per language (hooks/i18n_search.py), the English one at
//    <site root>/en/search/search_index.json (zh-Hant: zh-Hant/search/…), while Material always asks for
//    <site root>/search/search_index.json. Language switches are full page loads, so a
//    page never keeps another language's index;
// 2. Material's search worker starts inside search_worker.js (beside this file), which
//    ranks and filters its results (see there).
(function () {
  var here = document.currentScript ? document.currentScript.src : location.href;
  var lang = document.documentElement.lang;
  if (lang && lang !== "zh") {
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
  }
  var NativeWorker = window.Worker;
  if (typeof NativeWorker !== "function") return;
  var material = /\/workers\/search\.[0-9a-f]+\.min\.js$/;
  var Wrapped = function (url, options) {
    var target = new URL(String(url), location.href);
    if (material.test(target.pathname)) {
      var wrapper = new URL("search_worker.js", here);
      wrapper.searchParams.set("material", target.href);
      return new NativeWorker(wrapper.href, options);
    }
    return new NativeWorker(url, options);
  };
  Wrapped.prototype = NativeWorker.prototype;
  window.Worker = Wrapped;
})();
