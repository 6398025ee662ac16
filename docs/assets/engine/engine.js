// Calculator widgets on the main thread. Small on purpose: it only binds forms,
// starts the worker the first time a page with a calculator is shown, and
// inserts what the worker returns. Pages without a calculator load no Pyodide byte.
// Material's document$ emits on the first load and after every instant
// navigation, so widgets are re-bound without starting a second engine.
//
// What the page does with a reply ({ok, result, html, text}, see calculators/web.py):
// fills each <output name> from `result` (the CLI's JSON fields), inserts `html` (made
// by calculators/render.py from escaped text: the only innerHTML here) into
// [data-result="html"], keeps `text` for "copy result". Results update as the reader
// types (debounced); the form's non-default values are kept in the URL query
// (history.replaceState), so a copied link reproduces the result. Batch panels
// ([data-batch]) send a CSV (file or pasted) and offer the results and an empty
// template as downloads (Blob + object URL). No inline script, no eval.

const TEXT = {
  zh: {
    runtime: "正在下载计算引擎…",
    python: "正在启动 Python…",
    calculators: "正在加载计算器…",
    ready: (s) => `计算引擎已就绪（用时 ${s} 秒）`,
    copied: "已复制",
    copyFailed: "无法自动复制，请手动选中复制",
    batchRunning: "正在计算…",
    batchEmpty: "请先选择 CSV 文件或粘贴 CSV 内容。",
    failed: "计算器无法在此浏览器中加载（需要支持 WebAssembly 的现代浏览器）。页面上的制度说明不受影响。",
  },
  en: {
    runtime: "Downloading the calculator engine…",
    python: "Starting Python…",
    calculators: "Loading the calculators…",
    ready: (s) => `Calculator engine ready (${s} s)`,
    copied: "Copied",
    copyFailed: "Could not copy automatically: select the text and copy it",
    batchRunning: "Computing…",
    batchEmpty: "Choose a CSV file or paste CSV text first.",
    failed: "The calculators cannot load in this browser (a modern browser with WebAssembly is needed). The rest of the page still works.",
  },
};

const engine = {
  worker: null,
  state: "idle", // idle | loading | ready | failed
  stage: "runtime",
  pct: 0,
  readyMs: null,
  firstResultMs: null, // since navigation start: the first result shown on a page load
  boots: 0,
  startedAt: null, // performance.now() when the worker was created
  pending: new Map(),
  nextId: 1,
  listeners: new Set(),
};
globalThis.handbookEngine = engine; // read by the browser tests

function lang() {
  return (document.documentElement.lang || "zh").startsWith("en") ? "en" : "zh";
}

function notify() {
  for (const fn of engine.listeners) fn();
}

function fail(message) {
  engine.state = "failed";
  engine.error = message;
  for (const { reject } of engine.pending.values()) reject(new Error(message));
  engine.pending.clear();
  notify();
}

// A boot that makes no progress for this long (a stalled network) is reported as
// failed rather than leaving the reader looking at a progress bar forever.
const STALL_MS = 45_000;
let stallTimer = 0;
function watchdog() {
  clearTimeout(stallTimer);
  if (engine.state === "loading") stallTimer = setTimeout(() => fail("stalled"), STALL_MS);
}

function start() {
  if (engine.worker || engine.state === "failed") return;
  if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
    fail("no WebAssembly");
    return;
  }
  engine.state = "loading";
  engine.boots += 1;
  engine.startedAt = performance.now();
  try {
    engine.worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  } catch (err) {
    fail(String(err));
    return;
  }
  engine.worker.onmessage = ({ data }) => {
    if (data.type === "progress") {
      engine.stage = data.stage;
      engine.pct = data.pct;
    } else if (data.type === "ready") {
      engine.state = "ready";
      engine.readyMs = data.ms;
      engine.phases = data.phases; // per-phase boot times, read by bench/run.py
    } else if (data.type === "failed") {
      clearTimeout(stallTimer);
      fail(data.message);
      return;
    } else if (data.type === "reply") {
      if (data.phases) engine.phases = data.phases;
      const waiter = engine.pending.get(data.id);
      engine.pending.delete(data.id);
      if (waiter) waiter.resolve(data.reply);
      return;
    }
    watchdog();
    notify();
  };
  engine.worker.onerror = (event) => {
    event.preventDefault();
    fail(event.message || "worker error");
  };
  watchdog();
  notify();
}

function compute(calculator, inputs) {
  start();
  if (engine.state === "failed") return Promise.reject(new Error(engine.error));
  const id = engine.nextId++;
  return new Promise((resolve, reject) => {
    engine.pending.set(id, { resolve, reject });
    engine.worker.postMessage({ id, request: { calculator, inputs, lang: lang() } });
  });
}

// ------------------------------------------------------------------ widgets ---

function showStatus(form) {
  const box = form.querySelector("[data-engine-status]");
  if (!box) return;
  const t = TEXT[lang()];
  const bar = box.querySelector("progress");
  const text = box.querySelector("[data-engine-text]");
  box.dataset.state = engine.state;
  if (engine.state === "failed") {
    text.textContent = t.failed;
    if (bar) bar.hidden = true;
  } else if (engine.state === "ready") {
    text.textContent = t.ready((engine.readyMs / 1000).toFixed(1));
    if (bar) bar.hidden = true;
  } else {
    text.textContent = t[engine.stage] || t.runtime;
    if (bar) bar.value = engine.pct;
  }
}

const FIELDS = "input[name], select[name], textarea[name]";

function readInputs(form) {
  const inputs = {};
  for (const el of form.querySelectorAll(FIELDS)) inputs[el.name] = el.value;
  return inputs;
}

function defaultOf(el) {
  if (el.tagName === "SELECT") {
    const opt = [...el.options].find((o) => o.defaultSelected) || el.options[0];
    return opt ? opt.value : "";
  }
  return el.defaultValue;
}

// The form's non-default values in the address bar, so the link reproduces the result.
function keepInUrl(form) {
  const url = new URL(location.href);
  for (const el of form.querySelectorAll(FIELDS)) {
    if (el.value !== defaultOf(el)) url.searchParams.set(el.name, el.value);
    else url.searchParams.delete(el.name);
  }
  if (url.href !== location.href) history.replaceState(history.state, "", url.href);
}

function clearErrors(form) {
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  for (const el of form.querySelectorAll(".hb-calc__error")) el.textContent = "";
  const general = form.querySelector("[data-form-error]");
  if (general) general.hidden = true;
}

function showErrors(form, errors) {
  const l = lang();
  for (const err of errors) {
    const input = err.field && form.querySelector(`[name="${CSS.escape(err.field)}"]`);
    const slot = input && form.querySelector(`#${CSS.escape(input.id)}-error`);
    if (slot) {
      input.setAttribute("aria-invalid", "true");
      slot.textContent = err[l];
      const more = input.closest("details");
      if (more) more.open = true;
    } else {
      const general = form.querySelector("[data-form-error]");
      if (general) {
        general.textContent = err[l];
        general.hidden = false;
      }
    }
  }
}

function showReply(form, reply) {
  clearErrors(form);
  const copy = form.querySelector('[data-action="copy-text"]');
  if (!reply.ok) {
    showErrors(form, reply.errors || []);
    for (const out of form.querySelectorAll("output[name]")) out.value = "";
    form._text = "";
    if (copy) copy.disabled = true;
    form.dataset.result = "error";
    return;
  }
  for (const out of form.querySelectorAll("output[name]")) {
    const value = reply.result[out.name];
    out.value = value === undefined || value === null ? "" : String(value);
  }
  const box = form.querySelector('[data-result="html"]');
  if (box) box.innerHTML = reply.html || ""; // trusted: calculators.render escapes everything
  form._text = reply.text || "";
  if (copy) copy.disabled = !form._text;
  form.dataset.result = "ok";
  if (engine.firstResultMs === null) engine.firstResultMs = Math.round(performance.now());
}

async function copyText(text, note) {
  const t = TEXT[lang()];
  try {
    await navigator.clipboard.writeText(text);
    if (note) note.textContent = t.copied;
  } catch {
    if (note) note.textContent = t.copyFailed;
  }
  if (note) setTimeout(() => { note.textContent = ""; }, 4000);
}

function bind(form) {
  if (form.dataset.bound) return;
  form.dataset.bound = "1";
  const calculator = form.dataset.calculator;
  // A link may carry the inputs (?completion=120%25&target_bonus=10000).
  const query = new URLSearchParams(location.search);
  for (const el of form.querySelectorAll(FIELDS)) {
    if (!query.has(el.name)) continue;
    el.value = query.get(el.name);
    const more = el.closest("details");
    if (more && el.value !== defaultOf(el)) more.open = true;
  }
  const run = async () => {
    const seq = (form._seq = (form._seq || 0) + 1);
    try {
      const reply = await compute(calculator, readInputs(form));
      if (seq === form._seq && form.isConnected) {
        showReply(form, reply);
        keepInUrl(form);
      }
    } catch {
      showStatus(form);
    }
  };
  let timer = 0;
  form.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    run();
  });
  form.addEventListener("reset", () => {
    clearTimeout(timer);
    setTimeout(run, 0); // after the browser has put the defaults back
  });
  const note = form.querySelector("[data-action-note]");
  form.addEventListener("click", (event) => {
    const action = event.target.closest("[data-action]");
    if (!action) return;
    if (action.dataset.action === "copy-text" && form._text) {
      copyText(`${form._text}\n${location.href}`, note);
    } else if (action.dataset.action === "copy-link") {
      keepInUrl(form);
      copyText(location.href, note);
    }
  });
  const listener = () => {
    if (!form.isConnected) {
      engine.listeners.delete(listener);
      return;
    }
    showStatus(form);
  };
  engine.listeners.add(listener);
  showStatus(form);
  run(); // first result from the defaults (or the link's values)
}

// -------------------------------------------------------------------- batch ---

function download(name, text) {
  // A BOM so that Excel reads the UTF-8 (Chinese headers and names).
  const blob = new Blob(["\ufeff", text], { type: "text/csv;charset=utf-8" });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

function bindBatch(panel) {
  if (panel.dataset.bound) return;
  panel.dataset.bound = "1";
  const kind = panel.dataset.batch;
  const text = panel.querySelector("[data-batch-text]");
  const file = panel.querySelector("[data-batch-file]");
  const box = panel.querySelector("[data-batch-result]");
  const error = panel.querySelector("[data-form-error]");
  const save = panel.querySelector('[data-action="batch-download"]');
  let results = "";
  const fail = (message) => {
    error.textContent = message;
    error.hidden = false;
  };
  const run = async () => {
    error.hidden = true;
    if (!text.value.trim()) return fail(TEXT[lang()].batchEmpty);
    box.textContent = TEXT[lang()].batchRunning;
    try {
      const reply = await compute("batch", { calculator: kind, csv: text.value });
      if (!reply.ok) {
        box.textContent = "";
        results = "";
        save.disabled = true;
        return fail(reply.errors.map((e) => e[lang()]).join(" "));
      }
      box.innerHTML = reply.html || ""; // trusted: calculators.render escapes everything
      results = reply.result.csv;
      save.disabled = false;
    } catch (err) {
      box.textContent = "";
      fail(TEXT[lang()].failed);
    }
  };
  file.addEventListener("change", async () => {
    const chosen = file.files && file.files[0];
    if (!chosen) return;
    text.value = (await chosen.text()).replace(/^\ufeff/, "");
    run();
  });
  panel.addEventListener("click", async (event) => {
    const action = event.target.closest("[data-action]");
    if (!action) return;
    if (action.dataset.action === "batch-run") run();
    else if (action.dataset.action === "batch-download" && results) {
      download(`${kind}-results.csv`, results);
    } else if (action.dataset.action === "batch-template") {
      try {
        const reply = await compute("batch", { calculator: kind, template: true });
        if (reply.ok) download(`${kind}-template.csv`, reply.result.csv);
      } catch {
        fail(TEXT[lang()].failed);
      }
    }
  });
}

function bindAll() {
  for (const form of document.querySelectorAll("form[data-calculator]")) bind(form);
  for (const panel of document.querySelectorAll("[data-batch]")) bindBatch(panel);
}

// On a calculator page this module is also loaded async from <head> (overrides/
// main.html), before the page is parsed: boot at once, bind once the page is there.
if (document.querySelector('meta[name="hb-engine"]')) start();

function subscribe() {
  if (globalThis.document$ && typeof globalThis.document$.subscribe === "function") {
    globalThis.document$.subscribe(bindAll);
  } else {
    bindAll();
  }
}
// Material's bundle (which defines document$) runs at the end of the body.
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", subscribe, { once: true });
} else {
  subscribe();
}
