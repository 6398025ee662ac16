// UI strings: the page's language and the lookup (docs/assets/engine/strings.js).
import assert from "node:assert/strict";
import { test } from "node:test";

import { STAGES, STRINGS, langOf, pageLang, stageText, text } from "../../docs/assets/engine/strings.js";

test("the language is English only when <html lang> starts with en", () => {
  assert.equal(langOf("en"), "en");
  assert.equal(langOf("en-GB"), "en");
  assert.equal(langOf("EN"), "en");
  assert.equal(langOf("zh"), "zh");
  assert.equal(langOf("zh-Hans"), "zh");
  assert.equal(langOf(""), "zh");
  assert.equal(langOf(undefined), "zh");
  assert.equal(langOf("de"), "zh");
});

test("pageLang reads a document's <html lang>, and copes without one", () => {
  assert.equal(pageLang({ documentElement: { lang: "en" } }), "en");
  assert.equal(pageLang({ documentElement: { lang: "zh" } }), "zh");
  assert.equal(pageLang({ documentElement: { lang: "" } }), "zh");
  assert.equal(pageLang(undefined), "zh"); // no document under node
});

test("both languages have the same keys, and every string is non-empty", () => {
  assert.deepEqual(Object.keys(STRINGS.en).sort(), Object.keys(STRINGS.zh).sort());
  for (const lang of ["zh", "en"]) {
    for (const [key, value] of Object.entries(STRINGS[lang])) {
      const shown = typeof value === "function" ? value("1.0") : value;
      assert.ok(typeof shown === "string" && shown.trim(), `${lang}.${key}`);
    }
  }
});

test("text() looks up plain strings and fills in templates", () => {
  assert.equal(text("zh", "copied"), "已复制");
  assert.equal(text("en", "copied"), "Copied");
  assert.equal(text("zh", "readyIn", "2.5"), "计算引擎已就绪（用时 2.5 秒）");
  assert.equal(text("en", "readyIn", "2.5"), "Calculator engine ready (2.5 s)");
  assert.equal(text("zh", "ready"), "✓ 计算引擎已就绪"); // the quiet mark once ready
  assert.match(text("zh", "timeout", 30), /30 秒/);
  assert.match(text("en", "timeout", 30), /longer than 30 s/);
});

test("text() falls back to Chinese for an unknown language, and refuses an unknown key", () => {
  assert.equal(text("fr", "copied"), "已复制");
  assert.throws(() => text("en", "no-such-key"), /no UI string/);
});

test("stage notes: the worker's stages, and the first one for anything else", () => {
  assert.deepEqual(STAGES, ["runtime", "python", "calculators"]);
  assert.equal(stageText("en", "python"), "Starting Python…");
  assert.equal(stageText("zh", "calculators"), "正在加载计算器…");
  // The worker also reports a "ready" stage: never shown as a template's source text.
  assert.equal(stageText("en", "ready"), STRINGS.en.runtime);
  assert.equal(stageText("zh", undefined), STRINGS.zh.runtime);
});
