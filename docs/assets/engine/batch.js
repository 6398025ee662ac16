// Binding of a batch panel (`[data-batch]`, made by macros/forms.py): a CSV chosen as a
// file or pasted is sent to the engine (calculator "batch"), the results table is
// inserted (HTML from calculators/render.py, escaped there), and the results and an
// empty template are offered as downloads (Blob + object URL, with a BOM so that Excel
// reads the UTF-8). Nothing is uploaded. Per-panel state lives in the closure, never on
// the elements. Touches the document only when called, never at import time.

import { TimeLimitError } from "./client.js";
import { pageLang, text } from "./strings.js";

// A large CSV takes longer than one form's figures (10,000 rows: about 3 s in Pyodide).
export const BATCH_TIME_LIMIT_MS = 120_000;
const REVOKE_MS = 10_000;

const bound = new WeakSet();

/** The download's file name: "<calculator>-results.csv" or "<calculator>-template.csv". */
export function csvName(calculator, what) {
  if (what !== "results" && what !== "template") throw new Error(`unknown download ${what}`);
  return `${calculator}-${what}.csv`;
}

/** The parts of the CSV file: a BOM, then the text (Excel needs the BOM for UTF-8). */
export function csvParts(csvText) {
  return ["\ufeff", csvText];
}

/** A CSV file's text without its BOM (files saved by Excel start with one). */
export function withoutBom(csvText) {
  return csvText.replace(/^\ufeff/, "");
}

function download(name, csvText) {
  const blob = new Blob(csvParts(csvText), { type: "text/csv;charset=utf-8" });
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
    ? text(lang, "timeout", Math.round(err.limitMs / 1000))
    : text(lang, "failed");
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
  const save = panel.querySelector('[data-action="batch-download"]');
  const options = { timeLimitMs: BATCH_TIME_LIMIT_MS };
  let results = "";
  const fail = (message) => {
    error.textContent = message;
    error.hidden = false;
  };
  const run = async () => {
    error.hidden = true;
    if (!input.value.trim()) return fail(text(pageLang(), "batchEmpty"));
    box.textContent = text(pageLang(), "batchRunning");
    try {
      const reply = await engine.compute("batch", { calculator: kind, csv: input.value }, options);
      if (!reply.ok) {
        box.textContent = "";
        results = "";
        save.disabled = true;
        return fail(reply.errors.map((e) => e[pageLang()]).join(" "));
      }
      box.innerHTML = reply.html || ""; // trusted: calculators.render escapes everything
      results = reply.result.csv;
      save.disabled = false;
    } catch (err) {
      box.textContent = "";
      fail(failure(err, pageLang()));
    }
  };
  file.addEventListener("change", async () => {
    const chosen = file.files && file.files[0];
    if (!chosen) return;
    input.value = withoutBom(await chosen.text());
    run();
  });
  panel.addEventListener("click", async (event) => {
    const action = event.target.closest("[data-action]");
    if (!action) return;
    if (action.dataset.action === "batch-run") run();
    else if (action.dataset.action === "batch-download" && results) {
      download(csvName(kind, "results"), results);
    } else if (action.dataset.action === "batch-template") {
      try {
        const reply = await engine.compute("batch", { calculator: kind, template: true }, options);
        if (reply.ok) download(csvName(kind, "template"), reply.result.csv);
      } catch (err) {
        fail(failure(err, pageLang()));
      }
    }
  });
}
