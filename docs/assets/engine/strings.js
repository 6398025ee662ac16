// Every string the calculator JavaScript shows, in every language of the handbook:
// the [ui] table of calculators/catalog/<lang>.toml, generated into ./catalog.js by
// hooks/catalog_js.py (zh-Hant comes from zh like the rest of the catalog), so no UI
// string is typed here. Templates carry {name} placeholders, filled by format().
// The page's language is <html lang>, normalised exactly as calculators.i18n.language
// does it in Python. Pure: nothing here reads the document at import time
// (tests/js/strings.test.mjs imports it under node).

import { LANGUAGES, UI } from "./catalog.js";

export { LANGUAGES };
export const STRINGS = UI;
export const DEFAULT = LANGUAGES[0];

// The boot stages the worker reports (worker.js `progress(stage, pct)`), in order.
export const STAGES = ["runtime", "python", "calculators"];

// Traditional Chinese regions written without a script tag (calculators.i18n.language).
const HANT_REGIONS = ["zh-tw", "zh-hk", "zh-mo"];

/** A language tag as a catalog language: "en-GB" -> "en", "zh-TW" -> "zh-Hant", the
 *  default for anything unknown (the same rules as calculators.i18n.language). */
export function langOf(tag) {
  if (typeof tag !== "string") return DEFAULT;
  if (LANGUAGES.includes(tag)) return tag;
  const low = tag.replaceAll("_", "-").toLowerCase();
  const exact = LANGUAGES.find((code) => code.toLowerCase() === low);
  if (exact) return exact;
  if (HANT_REGIONS.includes(low)) return LANGUAGES.includes("zh-Hant") ? "zh-Hant" : DEFAULT;
  const base = low.split("-")[0];
  return LANGUAGES.includes(base) ? base : DEFAULT;
}

/** The language of a document (<html lang>); call it when needed, not at import time. */
export function pageLang(doc = globalThis.document) {
  return langOf(doc && doc.documentElement && doc.documentElement.lang);
}

/** A template with its {name} placeholders filled ({{ and }} are literal braces, as in
 *  Python's str.format). A missing parameter is a bug: it throws. */
export function format(template, params = {}) {
  return template.replace(/\{\{|\}\}|\{(\w+)\}/g, (all, name) => {
    if (all === "{{") return "{";
    if (all === "}}") return "}";
    if (!(name in params)) throw new Error(`no parameter ${name} for ${JSON.stringify(template)}`);
    return String(params[name]);
  });
}

/** The string `key` in `lang` (the default language when unknown), with `params` filled. */
export function text(lang, key, params = {}) {
  const table = STRINGS[lang] || STRINGS[DEFAULT];
  const value = key in table ? table[key] : STRINGS[DEFAULT][key];
  if (value === undefined) throw new Error(`no UI string ${JSON.stringify(key)}`);
  return format(value, params);
}

/** The progress note for a boot stage; an unknown stage reads as the first one. While the
 *  engine downloads (the first stage), `download` is the share read, in percent. */
export function stageText(lang, stage, download = null) {
  const known = STAGES.includes(stage) ? stage : STAGES[0];
  if (known === STAGES[0] && Number.isFinite(download)) {
    return text(lang, "downloading", { pct: Math.max(0, Math.min(100, Math.floor(download))) });
  }
  return text(lang, known);
}

/** A message the engine sent ({field, zh, en, "zh-Hant", id}) in `lang`; a message
 *  without that language (an older reply) reads in the default language. */
export function messageIn(message, lang) {
  if (!message) return "";
  return message[lang] ?? message[DEFAULT] ?? "";
}
