// offline_save.js's pure parts: which pages "keep every page" asks for, Material's search
// worker, and the status texts.
import assert from "node:assert/strict";
import test from "node:test";

import { fill, pagesToKeep, searchWorker } from "../../docs/assets/javascripts/offline_save.js";

const root = new URL("https://handbook.example/2026.1/");

test("every page the language's search index lists, once, anchors dropped", () => {
  const index = { docs: [
    { location: "en/" }, { location: "en/#goals" }, { location: "en/goals/" },
    { location: "en/goals/#one-year-goals" }, { location: "en/calculators/bonus/" },
    { location: 7 }, {}, null,
  ] };
  assert.deepEqual(pagesToKeep(index, root), [
    "https://handbook.example/2026.1/en/",
    "https://handbook.example/2026.1/en/goals/",
    "https://handbook.example/2026.1/en/calculators/bonus/",
  ]);
  // The default language's index: locations at the site's root ("" is the home page).
  assert.deepEqual(pagesToKeep({ docs: [{ location: "" }, { location: "team/#mentors" }] }, root),
    ["https://handbook.example/2026.1/", "https://handbook.example/2026.1/team/"]);
  assert.deepEqual(pagesToKeep({}, root), []);
  assert.deepEqual(pagesToKeep(null, root), []);
  assert.deepEqual(pagesToKeep({ docs: "no" }, root), []);
});

test("Material's search worker, from the page's configuration", () => {
  const doc = (config, href = "https://handbook.example/2026.1/en/goals/") => ({
    location: { href },
    querySelector: () => (config === null ? null : { textContent: JSON.stringify(config) }),
  });
  assert.deepEqual(searchWorker(doc({ base: "../..", search: "assets/javascripts/workers/search.ab12.min.js" })),
    ["https://handbook.example/2026.1/assets/javascripts/workers/search.ab12.min.js"]);
  assert.deepEqual(searchWorker(doc({ base: ".", search: "assets/w.js" }, "https://handbook.example/2026.1/")),
    ["https://handbook.example/2026.1/assets/w.js"]);
  assert.deepEqual(searchWorker(doc({ base: "." })), []); // no search
  assert.deepEqual(searchWorker(doc(null)), []); // no configuration
});

test("status texts: the counts filled in, anything else left as written", () => {
  assert.equal(fill("正在保存：第 {done} 页，共 {total} 页…", { done: 3, total: 50 }),
    "正在保存：第 3 页，共 50 页…");
  assert.equal(fill("{kept} of {total} pages kept", { kept: 48, total: 50 }), "48 of 50 pages kept");
  assert.equal(fill("{done} {other}", {}), "{done} {other}");
  assert.equal(fill(undefined, { done: 1 }), "");
});
