// Calculator widgets on the main thread. Small on purpose: it only binds forms,
// starts the worker the first time a page with a calculator is shown, and
// inserts what the worker returns. Pages without a calculator load no Pyodide byte.
// Material's document$ emits on the first load and after every instant
// navigation, so widgets are re-bound without starting a second engine.

const TEXT = {
  zh: {
    runtime: "正在下载计算引擎…",
    python: "正在启动 Python…",
    calculators: "正在加载计算器…",
    ready: (s) => `计算引擎已就绪（用时 ${s} 秒）`,
    failed: "计算器无法在此浏览器中加载（需要支持 WebAssembly 的现代浏览器）。页面上的制度说明不受影响。",
  },
  en: {
    runtime: "Downloading the calculator engine…",
    python: "Starting Python…",
    calculators: "Loading the calculators…",
    ready: (s) => `Calculator engine ready (${s} s)`,
    failed: "The calculators cannot load in this browser (a modern browser with WebAssembly is needed). The rest of the page still works.",
  },
};

const engine = {
  worker: null,
  state: "idle", // idle | loading | ready | failed
  stage: "runtime",
  pct: 0,
  readyMs: null,
  boots: 0,
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
    } else if (data.type === "failed") {
      clearTimeout(stallTimer);
      fail(data.message);
      return;
    } else if (data.type === "reply") {
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
    engine.worker.postMessage({ id, request: { calculator, inputs } });
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

function readInputs(form) {
  const inputs = {};
  for (const el of form.querySelectorAll("input[name], select[name], textarea[name]")) {
    inputs[el.name] = el.value;
  }
  return inputs;
}

function clearErrors(form) {
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  for (const el of form.querySelectorAll(".hb-calc__error")) el.textContent = "";
  const general = form.querySelector("[data-form-error]");
  if (general) general.hidden = true;
}

function showReply(form, reply) {
  const l = lang();
  clearErrors(form);
  if (!reply.ok) {
    for (const err of reply.errors) {
      const input = err.field && form.querySelector(`[name="${CSS.escape(err.field)}"]`);
      if (input) {
        input.setAttribute("aria-invalid", "true");
        const slot = form.querySelector(`#${CSS.escape(input.id)}-error`);
        if (slot) slot.textContent = err[l];
      } else {
        const general = form.querySelector("[data-form-error]");
        general.textContent = err[l];
        general.hidden = false;
      }
    }
    for (const out of form.querySelectorAll("output[name]")) out.value = "";
    form.dataset.result = "error";
    return;
  }
  for (const out of form.querySelectorAll("output[name]")) {
    const value = reply.result[out.name];
    out.value = value === undefined || value === null ? "" : String(value);
  }
  const steps = form.querySelector('[data-result="steps"]');
  if (steps) {
    steps.replaceChildren(
      ...(reply.result.steps || []).map((s) => {
        const li = document.createElement("li");
        li.textContent = s[l];
        return li;
      }),
    );
  }
  form.dataset.result = "ok";
}

function bind(form) {
  if (form.dataset.bound) return;
  form.dataset.bound = "1";
  const calculator = form.dataset.calculator;
  // A link may carry the inputs (?completion=120%25&target_bonus=10000).
  const query = new URLSearchParams(location.search);
  for (const el of form.querySelectorAll("input[name]")) {
    if (query.has(el.name)) el.value = query.get(el.name);
  }
  const run = async () => {
    const seq = (form._seq = (form._seq || 0) + 1);
    try {
      const reply = await compute(calculator, readInputs(form));
      if (seq === form._seq) showReply(form, reply);
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

function bindAll() {
  for (const form of document.querySelectorAll("form[data-calculator]")) bind(form);
}

if (globalThis.document$ && typeof globalThis.document$.subscribe === "function") {
  globalThis.document$.subscribe(bindAll);
} else {
  bindAll();
}
