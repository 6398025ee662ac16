// Binding of a batch panel (`[data-batch]`, made by macros/forms.py): a chosen file's
// BYTES (CSV in any encoding, or XLSX) go to the engine as base64, so that Python
// (calculators/tables.py) finds the encoding, the separator or the workbook exactly as
// the CLI does; pasted text goes as text. The results table is inserted (HTML from
// calculators/render.py, escaped there), and the results and an empty template are
// offered as CSV (Blob + object URL, with a BOM so that Excel reads the UTF-8) and as
// XLSX (made by calculators/xlsx.py on demand). Nothing is uploaded. Per-panel state
// lives in the closure, never on the elements. Touches the document only when called,
// never at import time.

import { failedMessage, TimeLimitError } from "./client.js";
import { messageIn, pageLang, stageText, text } from "./strings.js";

// A large CSV takes longer than one form's figures (10,000 rows: about 3 s in Pyodide).
export const BATCH_TIME_LIMIT_MS = 120_000;
const REVOKE_MS = 10_000;

const bound = new WeakSet();

/** What the results box says while a batch waits: the engine's download or start while it
 *  is not ready (a file chosen on a phone still downloading it would otherwise read
 *  "正在计算…" for the whole download), then that it computes. */
export function waitingText(status, lang) {
  return status.state === "ready" ? text(lang, "batch_running")
    : stageText(lang, status.stage, status.download);
}

/** The download's file name: "<calculator>-results.csv" or "<calculator>-template.xlsx". */
export function csvName(calculator, what, ext = "csv") {
  if (what !== "results" && what !== "template") throw new Error(`unknown download ${what}`);
  if (ext !== "csv" && ext !== "xlsx") throw new Error(`unknown format ${ext}`);
  return `${calculator}-${what}.${ext}`;
}

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** Bytes (ArrayBuffer or Uint8Array) as base64, in chunks (no call-stack limit). */
export function toBase64(bytes) {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = "";
  for (let i = 0; i < view.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, view.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** base64 as bytes (a workbook from the engine). */
export function fromBase64(text) {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) out[i] = binary.charCodeAt(i);
  return out;
}

/** The parts of the CSV file: a BOM, then the text (Excel needs the BOM for UTF-8). */
export function csvParts(csvText) {
  return ["\ufeff", csvText];
}

/** A CSV file's text without its BOM (files saved by Excel start with one). */
export function withoutBom(csvText) {
  return csvText.replace(/^\ufeff/, "");
}

function download(name, csvText, bytes = null) {
  const blob = bytes
    ? new Blob([bytes], { type: XLSX_TYPE })
    : new Blob(csvParts(csvText), { type: "text/csv;charset=utf-8" });
  const a = document.createElement("a");
  const href = URL.createObjectURL(blob);
  a.href = href;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), REVOKE_MS);
}

function failure(err, lang) {
  return err instanceof TimeLimitError
    ? text(lang, "timeout", { s: Math.round(err.limitMs / 1000) })
    : text(lang, failedMessage(err && err.message));
}

/** Bind a batch panel to the engine (once per panel element). */
export function bindBatch(panel, engine) {
  if (bound.has(panel)) return;
  bound.add(panel);
  const kind = panel.dataset.batch;
  const input = panel.querySelector("[data-batch-text]");
  const file = panel.querySelector("[data-batch-file]");
  const box = panel.querySelector("[data-batch-result]");
  const error = panel.querySelector("[data-form-error]");
  const saves = panel.querySelectorAll('[data-action="batch-download"], [data-action="batch-download-xlsx"]');
  const options = { timeLimitMs: BATCH_TIME_LIMIT_MS };
  let results = "";
  let chosen = null; // {name, base64} of the last file chosen, run again by "compute"
  const fail = (message) => {
    error.textContent = message;
    error.hidden = false;
  };
  const enable = (on) => {
    for (const b of saves) b.disabled = !on;
  };
  const run = async (source) => {
    error.hidden = true;
    if (!source) return fail(text(pageLang(), "batch_empty"));
    box.textContent = waitingText(engine.status, pageLang());
    const stop = engine.subscribe((status) => {
      if (status.state !== "failed") box.textContent = waitingText(status, pageLang());
    });
    try {
      const reply = await engine.compute("batch", { calculator: kind, ...source }, options);
      stop();
      if (!reply.ok) {
        box.textContent = "";
        results = "";
        enable(false);
        return fail(reply.errors.map((e) => messageIn(e, pageLang())).join(" "));
      }
      box.innerHTML = reply.html || ""; // trusted: calculators.render escapes everything
      results = reply.result.csv;
      enable(true);
    } catch (err) {
      stop();
      box.textContent = "";
      fail(failure(err, pageLang()));
    }
  };
  const pasted = () => (input.value.trim() ? { csv: input.value } : null);
  file.addEventListener("change", async () => {
    const picked = file.files && file.files[0];
    if (!picked) return;
    chosen = { name: picked.name, file: toBase64(await picked.arrayBuffer()) };
    input.value = "";
    run(chosen);
  });
  input.addEventListener("input", () => {
    chosen = null; // typing replaces the chosen file
  });
  const workbook = async (inputs, name) => {
    try {
      const reply = await engine.compute("batch", { calculator: kind, format: "xlsx", ...inputs }, options);
      if (reply.ok && reply.result.xlsx) download(name, "", fromBase64(reply.result.xlsx));
      else if (!reply.ok) fail(reply.errors.map((e) => messageIn(e, pageLang())).join(" "));
    } catch (err) {
      fail(failure(err, pageLang()));
    }
  };
  panel.addEventListener("click", async (event) => {
    const action = event.target.closest("[data-action]");
    if (!action) return;
    const what = action.dataset.action;
    if (what === "batch-run") run(pasted() || chosen);
    else if (what === "batch-download" && results) {
      download(csvName(kind, "results"), results);
    } else if (what === "batch-download-xlsx" && results) {
      workbook({ results }, csvName(kind, "results", "xlsx"));
    } else if (what === "batch-template-xlsx") {
      workbook({ template: true, lang: pageLang() }, csvName(kind, "template", "xlsx"));
    } else if (what === "batch-template") {
      try {
        const reply = await engine.compute("batch", { calculator: kind, template: true }, options);
        if (reply.ok) download(csvName(kind, "template"), reply.result.csv);
      } catch (err) {
        fail(failure(err, pageLang()));
      }
    }
  });
}
