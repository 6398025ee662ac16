// offline_page.js and offline.js's language helpers: the "offline" page's list of kept
// pages, the page asked for, and the address each page sends to keep.
import assert from "node:assert/strict";
import test from "node:test";

import { offlinePage } from "../../docs/assets/engine/offline.js";
import { languageRoots } from "../../docs/assets/javascripts/language_roots.js";
import { askedPage, decodeEntities, pagesOf } from "../../docs/assets/javascripts/offline_page.js";

const root = new URL("https://handbook.example/2026.1/");
const ALL = ["", "en/", "zh-Hant/"];

// A document with the language switcher's links, as overrides/partials/alternate.html
// renders them.
function doc(lang, prefixes = ALL) {
  const links = prefixes.map((prefix, i) => ({
    dataset: { hbPrefix: prefix },
    getAttribute: (name) => (name === "hreflang" ? ["zh", "en", "zh-Hant"][i] : null),
  }));
  return { documentElement: { lang }, querySelectorAll: () => links };
}

const page = (path, title) => ({ url: new URL(path, root).href, path, title });

test("each language keeps the offline page under its own root", () => {
  assert.equal(offlinePage(doc("zh"), root), "https://handbook.example/2026.1/offline/");
  assert.equal(offlinePage(doc("en"), root), "https://handbook.example/2026.1/en/offline/");
  assert.equal(offlinePage(doc("zh-Hant"), root), "https://handbook.example/2026.1/zh-Hant/offline/");
  assert.equal(offlinePage(doc("en", []), root), "https://handbook.example/2026.1/offline/"); // no switcher
  assert.deepEqual(languageRoots(doc("en")), { own: "en/", all: ALL });
});

test("the page asked for stays within the handbook", () => {
  assert.equal(askedPage("/2026.1/procedures/submit-expense/", root).href,
    "https://handbook.example/2026.1/procedures/submit-expense/");
  assert.equal(askedPage("/2026.1/calculators/bonus/?completion=120%25", root).search, "?completion=120%25");
  for (const from of [null, "", "https://elsewhere.example/2026.1/", "//elsewhere.example/x",
    "/2025.2/procedures/", "javascript:alert(1)"]) {
    assert.equal(askedPage(from, root), null, String(from));
  }
});

test("titles are decoded", () => {
  assert.equal(decodeEntities("Q&amp;A &lt;draft&gt; &#34;x&#34; &#39;y&#39; &#x4E2D;"), "Q&A <draft> \"x\" 'y' 中");
  assert.equal(decodeEntities("&bogus; &#0; plain"), "&bogus; &#0; plain");
});

test("the list holds the pages of the page's language, in path order, without the site's name", () => {
  const kept = [
    page("procedures/submit-expense/", "提交费用报销 - 市场营销团队手册"),
    page("", "市场营销团队手册"),
    page("en/", "Marketing Team Handbook"),
    page("en/team/", "The team - Marketing Team Handbook"),
    page("zh-Hant/team/", "團隊 - 市場營銷團隊手冊"),
    page("offline/", "离线 - 市场营销团队手册"),
    page("en/offline/", "Offline - Marketing Team Handbook"),
    page("404.html", "页面不存在 - 市场营销团队手册"),
    page("calculators/bonus/", "Q&amp;A - 市场营销团队手册"),
  ];
  assert.deepEqual(pagesOf(kept, "", ALL, "市场营销团队手册").map((p) => [p.url.slice(root.href.length), p.title]), [
    ["", "市场营销团队手册"],
    ["calculators/bonus/", "Q&A"],
    ["procedures/submit-expense/", "提交费用报销"],
  ]);
  assert.deepEqual(pagesOf(kept, "en/", ALL, "Marketing Team Handbook").map((p) => p.title),
    ["Marketing Team Handbook", "The team"]);
  assert.deepEqual(pagesOf(kept, "zh-Hant/", ALL, "市場營銷團隊手冊").map((p) => p.title), ["團隊"]);
  assert.deepEqual(pagesOf([], "", ALL, "x"), []);
  assert.deepEqual(pagesOf([page("team/", "")], "", ALL, "x").map((p) => p.title), ["team/"]);
});
