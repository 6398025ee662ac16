// Every string the calculator JavaScript shows, in one table keyed by language
// (zh first, en second, like the rest of the handbook). The page's language is
// <html lang>: "en…" is English, anything else Chinese. Pure: nothing here reads the
// document at import time (tests/js/strings.test.mjs imports it under node).

export const STRINGS = {
  zh: {
    runtime: "正在下载计算引擎…",
    python: "正在启动 Python…",
    calculators: "正在加载计算器…",
    ready: "✓ 计算引擎已就绪",
    readyIn: (s) => `计算引擎已就绪（用时 ${s} 秒）`,
    skipToCalculator: "跳到计算器",
    copied: "已复制",
    copyFailed: "无法自动复制，请手动选中复制",
    batchRunning: "正在计算…",
    batchEmpty: "请先选择 CSV 或 Excel 文件，或粘贴 CSV 内容。",
    failed: "计算器无法在此浏览器中加载（需要支持 WebAssembly 的现代浏览器）。页面上的制度说明不受影响。",
    timeout: (s) => `计算超过 ${s} 秒仍未完成，已停止。计算引擎已重新启动，请检查输入后重试。`,
  },
  en: {
    runtime: "Downloading the calculator engine…",
    python: "Starting Python…",
    calculators: "Loading the calculators…",
    ready: "✓ Calculator engine ready",
    readyIn: (s) => `Calculator engine ready (${s} s)`,
    skipToCalculator: "Skip to the calculator",
    copied: "Copied",
    copyFailed: "Could not copy automatically: select the text and copy it",
    batchRunning: "Computing…",
    batchEmpty: "Choose a CSV or Excel file, or paste CSV text, first.",
    failed: "The calculators cannot load in this browser (a modern browser with WebAssembly is needed). The rest of the page still works.",
    timeout: (s) => `The calculation took longer than ${s} s and was stopped. The engine has been restarted: check the inputs and try again.`,
  },
};

// The boot stages the worker reports (worker.js `progress(stage, pct)`), in order.
export const STAGES = ["runtime", "python", "calculators"];

/** "en" when the language tag starts with "en", otherwise "zh" (the default language). */
export function langOf(tag) {
  return String(tag || "zh").toLowerCase().startsWith("en") ? "en" : "zh";
}

/** The language of a document (<html lang>); call it when needed, not at import time. */
export function pageLang(doc = globalThis.document) {
  return langOf(doc && doc.documentElement && doc.documentElement.lang);
}

/** The string `key` in `lang` (Chinese when the language is unknown); functions get `args`. */
export function text(lang, key, ...args) {
  const table = STRINGS[lang] || STRINGS.zh;
  const value = key in table ? table[key] : STRINGS.zh[key];
  if (value === undefined) throw new Error(`no UI string ${JSON.stringify(key)}`);
  return typeof value === "function" ? value(...args) : value;
}

/** The progress note for a boot stage; an unknown stage reads as the first one. */
export function stageText(lang, stage) {
  return text(lang, STAGES.includes(stage) ? stage : STAGES[0]);
}
