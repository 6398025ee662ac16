// Material's search worker, wrapped: results that contain the whole query first, and no
// results that lack it when some have it. Material segments a Chinese query into the
// index's shorter words and joins them with OR (营销之星 -> 营销* 之星*), so every page
// with 营销 was listed; and its snippets may start mid-sentence with a comma.
// search_language.js starts this file instead of Material's worker, with Material's
// worker URL in ?material=, and this file loads it unchanged.
"use strict";

var QUERY = 2; // Material's SearchMessageType
var RESULT = 3;
var lastQuery = "";
var LEADING = /^((?:\s|\u200b|<[^>]+>)*)[，。、；：,.;:！？!?]+/;

// Text as the reader sees it: no tags, no hidden sub-words, no zero-width cuts.
function plain(html) {
  return String(html || "")
    .replace(/<span hidden>[\s\S]*?<\/span>/g, "")
    .replace(/<[^>]+>/g, "")
    .replace(/\u200b/g, "")
    .toLowerCase();
}

function terms(query) {
  return String(query).toLowerCase().replace(/\u200b/g, "").split(/\s+/)
    .map(function (t) { return t.replace(/^[+\-]|[*~^]\d*$/g, ""); })
    .filter(function (t) { return t.length > 0; });
}

function names(item, words) {
  var text = plain(item.title) + " " + plain(item.text);
  return words.every(function (w) { return text.indexOf(w) >= 0; });
}

// One page's results: its sections that name the whole term, best first, then the page
// itself (Material always shows the page's title above its sections, and shows the
// first item's text). Sections that lack the term are dropped.
function focus(group, words) {
  var isPage = function (item) { return String(item.location).indexOf("#") < 0; };
  var page = group.filter(isPage)[0];
  var hits = group.filter(function (item) { return !isPage(item) && names(item, words); });
  if (page && names(page, words)) return [page].concat(hits);
  return page ? hits.concat([page]) : hits;
}

function refine(data, query) {
  if (!data || !Array.isArray(data.items)) return data;
  var words = terms(query);
  var items = data.items.map(function (group) {
    return group.map(function (item) {
      var copy = Object.assign({}, item);
      if (typeof copy.text === "string") copy.text = copy.text.replace(LEADING, "$1");
      return copy;
    });
  });
  if (words.length) {
    var whole = items.filter(function (g) {
      return g.some(function (item) { return names(item, words); });
    });
    // Never padded with pages that lack the term (unless no page has it at all).
    if (whole.length) items = whole.map(function (g) { return focus(g, words); });
    // An item that names the whole term misses none of it: Material would list the
    // segments it matched by sub-word (营销, 之) as "missing".
    items.forEach(function (g) {
      g.forEach(function (item) {
        if (item.terms && names(item, words)) {
          Object.keys(item.terms).forEach(function (t) { item.terms[t] = true; });
        }
      });
    });
  }
  return Object.assign({}, data, { items: items, total: items.length });
}

// Before Material's listener: note the query each result answers (messages are handled
// in order, one result per query).
self.addEventListener("message", function (event) {
  if (event.data && event.data.type === QUERY) lastQuery = String(event.data.data || "");
});
var post = self.postMessage.bind(self);
self.postMessage = function (message) {
  if (message && message.type === RESULT) {
    message = { type: RESULT, data: refine(message.data, lastQuery) };
  }
  return post(message);
};

importScripts(new URL(location.href).searchParams.get("material"));
