// offline.js: what a first visit's page sends the service worker to keep with the page.
import assert from "node:assert/strict";
import test from "node:test";

import { pageResources } from "../../docs/assets/engine/offline.js";

test("the page keeps its own resources, not the runtime's wasm (the engine sends it)", () => {
  const at = "https://handbook.example";
  const entries = [
    { name: `${at}/assets/stylesheets/main.css` },
    { name: `${at}/assets/engine/boot.js#x` },
    { name: `${at}/assets/engine/pyodide/pyodide.asm.wasm` }, // the page's early preload
    { name: "https://elsewhere.example/font.woff2" },
  ];
  assert.deepEqual(pageResources(entries, at), [
    `${at}/assets/stylesheets/main.css`, `${at}/assets/engine/boot.js`,
  ]);
});
