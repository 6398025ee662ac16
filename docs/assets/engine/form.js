// Binding of one calculator form (`<form data-calculator>`, made by macros/forms.py).
//
// What the form does with a reply ({ok, result, html, text, errors}, see
// calculators/web.py): fills each <output name> with the figure as the reader sees it
// (the `data-display` map that calculators/render.py puts in `html`: "20,000.00 元",
// "5,000 万元") and keeps the exact JSON value of `result` (the CLI's JSON fields) in the
// output's `data-value` for machines and tests; inserts `html` (made by calculators/render.py from escaped text: the only innerHTML
// here) into [data-result="html"], keeps `text` for "copy result"; errors go to the
// field's `#<id>-error` slot (or the form's [data-form-error]). Results update as the
// reader types (debounced); the non-default inputs are kept in the URL query
// (history.replaceState), so a copied link reproduces the result.
//
// Before the engine is ready: the form is served showing the reply to its own defaults,
// made when the site was built by the same Python (macros/forms.py: in the outputs and
// the result box, and as JSON in an attribute), so a slow phone shows the example's
// result as the page paints. Binding takes it over (the text for "copy result", each
// output's JSON value), or takes it away when the link carried inputs; it goes when the
// reader changes a field, is drawn again on reset while the engine is not there, and
// the engine's reply takes over (and redraws nothing when it is the same).
//
// Observable state, for the reader's assistive technology and for the browser tests:
// the form's `data-result` ("built": the reply made at build time; "ok" | "error": the
// engine's) and the status box's `data-state`
// (idle | loading | ready | failed), `data-boots` (workers started in this document) and,
// once ready, `data-boot` ("snapshot" | "wheel": how Python was started).
// Nothing is stored on the elements themselves: per-form state lives in this closure.
// Touches the document only when called, never at import time.

import { failedMessage, TimeLimitError } from "./client.js";
import { messageIn, pageLang, stageText, text } from "./strings.js";
import { isChanged, stateHref, valuesFromQuery } from "./urlstate.js";

const FIELDS = "input[name], select[name], textarea[name]";
const DEBOUNCE_MS = 250;
const NOTE_MS = 4000;

const bound = new WeakSet();

function fieldsOf(form) {
  return [...form.querySelectorAll(FIELDS)];
}

export function readInputs(form) {
  const inputs = {};
  for (const el of fieldsOf(form)) inputs[el.name] = el.value;
  return inputs;
}

// The form's non-default values in the address bar, so the link reproduces the result.
export function keepInUrl(form) {
  const href = stateHref(location.href, fieldsOf(form));
  if (href !== location.href) history.replaceState(history.state, "", href);
}

/** Show the engine's status in the form's status box. */
export function showStatus(form, status) {
  const box = form.querySelector("[data-engine-status]");
  if (!box) return;
  const lang = pageLang();
  const bar = box.querySelector("progress");
  const note = box.querySelector("[data-engine-text]");
  box.dataset.state = status.state;
  box.dataset.boots = String(status.boots);
  if (status.state === "ready" && status.phases) {
    box.dataset.boot = "pyodide_from_snapshot" in status.phases ? "snapshot" : "wheel";
  } else {
    delete box.dataset.boot;
  }
  if (status.state === "failed") {
    note.textContent = text(lang, failedMessage(status.error));
    if (bar) bar.hidden = true;
  } else if (status.state === "ready") {
    // Once ready the status is a quiet mark, not a sentence that stays forever.
    note.textContent = text(lang, "ready");
    box.title = text(lang, "ready_in", { s: (status.readyMs / 1000).toFixed(1) });
    if (bar) bar.hidden = true;
  } else {
    note.textContent = stageText(lang, status.stage, status.download);
    if (bar) {
      bar.hidden = false;
      bar.value = status.pct;
    }
  }
}

function clearErrors(form) {
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  for (const el of form.querySelectorAll(".hb-calc__error")) el.textContent = "";
  const general = form.querySelector("[data-form-error]");
  if (general) general.hidden = true;
}

function showGeneralError(form, message) {
  const general = form.querySelector("[data-form-error]");
  if (!general) return;
  general.textContent = message;
  general.hidden = false;
}

function showErrors(form, errors) {
  const lang = pageLang();
  for (const err of errors) {
    const input = err.field && form.querySelector(`[name="${CSS.escape(err.field)}"]`);
    const slot = input && form.querySelector(`#${CSS.escape(input.id)}-error`);
    if (slot) {
      input.setAttribute("aria-invalid", "true");
      slot.textContent = messageIn(err, lang);
      const more = input.closest("details");
      if (more) more.open = true;
    } else {
      showGeneralError(form, messageIn(err, lang));
    }
  }
}

function clearOutputs(form) {
  for (const out of form.querySelectorAll("output[name]")) {
    out.value = "";
    delete out.dataset.value;
  }
  // No figures, no result: the previous chart and explanation would contradict the field.
  const box = form.querySelector('[data-result="html"]');
  if (box) box.textContent = "";
}

/** The key figures as the reader sees them: {name: "20,000.00 元"} from the reply's HTML. */
function displayed(box) {
  const el = box && box.querySelector("[data-display]");
  if (!el) return {};
  try {
    return JSON.parse(el.dataset.display) || {};
  } catch {
    return {};
  }
}

/** An output's exact JSON value as its data-value keeps it ("" for none). */
function rawValue(value) {
  return value === undefined || value === null ? "" : String(value);
}

/** Put a reply into the form; returns the text for "copy result" ("" when none). */
export function showReply(form, reply) {
  clearErrors(form);
  const copy = form.querySelector('[data-action="copy-text"]');
  if (!reply.ok) {
    showErrors(form, reply.errors || []);
    clearOutputs(form);
    if (copy) copy.disabled = true;
    form.dataset.result = "error";
    return "";
  }
  const box = form.querySelector('[data-result="html"]');
  if (box) box.innerHTML = reply.html || ""; // trusted: calculators.render escapes everything
  const shown = displayed(box);
  for (const out of form.querySelectorAll("output[name]")) {
    const raw = rawValue(reply.result[out.name]);
    out.dataset.value = raw;
    out.value = out.name in shown ? String(shown[out.name]) : raw;
  }
  const copyable = reply.text || "";
  if (copy) copy.disabled = !copyable;
  form.dataset.result = "ok";
  return copyable;
}

/** A request that ran out of time: say so in the form; the engine restarts by itself. */
function showTimeLimit(form, err) {
  clearErrors(form);
  clearOutputs(form);
  const copy = form.querySelector('[data-action="copy-text"]');
  if (copy) copy.disabled = true;
  showGeneralError(form, text(pageLang(), "timeout", { s: Math.round(err.limitMs / 1000) }));
  form.dataset.result = "error";
}

export async function copyText(value, note) {
  const lang = pageLang();
  try {
    await navigator.clipboard.writeText(value);
    if (note) note.textContent = text(lang, "copied");
  } catch {
    if (note) note.textContent = text(lang, "copy_failed");
  }
  if (note) setTimeout(() => { note.textContent = ""; }, NOTE_MS);
}

/** The theme's "skip to content" link (the first Tab stop) goes to the calculator's
 *  first field on a calculator page: one Tab and Enter, instead of 27 Tabs. */
export function skipToCalculator(form, doc = globalThis.document) {
  const skip = doc.querySelector("a.md-skip");
  const first = form.querySelector(FIELDS);
  if (!skip || !first || skip.dataset.calculator) return;
  skip.dataset.calculator = form.dataset.calculator;
  skip.href = `#${first.id}`;
  skip.textContent = text(pageLang(doc), "skip_to_calculator");
  skip.addEventListener("click", (event) => {
    event.preventDefault();
    first.focus();
    first.scrollIntoView({ block: "center" });
  });
}

/** The reply to the form's defaults made at build time, as JSON text ("" when none). */
function builtReplyText(form) {
  const holder = form.querySelector("[data-built-reply]");
  return holder ? holder.dataset.builtReply : "";
}

/** Whether every field shows its default (the inputs the built reply answers). */
function showsDefaults(form) {
  return !fieldsOf(form).some(isChanged);
}

/** Bind a calculator form to the engine (once per form element). */
export function bindForm(form, engine) {
  if (bound.has(form)) return;
  bound.add(form);
  skipToCalculator(form);
  const calculator = form.dataset.calculator;
  let copyable = ""; // the result as text, for "copy result"
  let seq = 0; // only the latest request's reply is shown

  // A link may carry the inputs (?completion=120%25&target_bonus=10000).
  const fields = fieldsOf(form);
  const carried = valuesFromQuery(location.search, fields.map((el) => el.name));
  for (const el of fields) {
    if (!carried.has(el.name)) continue;
    el.value = carried.get(el.name);
    const more = el.closest("details");
    if (more && isChanged(el)) more.open = true;
  }

  // The reply made at build time: shown until the engine answers, for the defaults only.
  const builtText = builtReplyText(form);
  let built = null;
  try {
    built = builtText ? JSON.parse(builtText) : null;
  } catch {
    built = null; // a damaged attribute: the engine's reply will do
  }
  const engineReady = () => engine.status.state === "ready";
  const copy = form.querySelector('[data-action="copy-text"]');
  const showBuilt = () => {
    if (!built || engineReady() || !showsDefaults(form)) return;
    if (form.dataset.result === "built") return; // shown already (as served, or drawn)
    copyable = showReply(form, built);
    form.dataset.result = "built";
  };
  // The example's figures are not the reader's once a field differs from its default:
  // they go at once (not after the debounce); the status shows the loading.
  const forget = () => {
    clearErrors(form);
    clearOutputs(form);
    copyable = "";
    if (copy) copy.disabled = true;
    delete form.dataset.result;
  };
  const dropBuilt = () => {
    if (form.dataset.result === "built") forget();
  };
  // The example the page was served with (macros/forms.py): taken over as it is, with
  // nothing redrawn, when the form shows the defaults it answers; else its figures go
  // (a link with inputs: the page's guard script has already hidden them).
  if (form.dataset.result === "built" && built && showsDefaults(form)) {
    for (const out of form.querySelectorAll("output[name]")) {
      out.dataset.value = rawValue(built.result[out.name]);
    }
    copyable = built.text || "";
    if (copy) copy.disabled = !copyable;
  } else {
    forget();
  }

  const run = async () => {
    const mine = ++seq;
    showBuilt();
    try {
      const reply = await engine.compute(calculator, readInputs(form));
      if (mine === seq && form.isConnected) {
        if (form.dataset.result === "built" && JSON.stringify(reply) === JSON.stringify(built)) {
          form.dataset.result = "ok"; // the same reply: nothing to redraw
        } else {
          copyable = showReply(form, reply);
        }
        keepInUrl(form);
      }
    } catch (err) {
      if (err instanceof TimeLimitError) {
        if (mine === seq && form.isConnected) {
          copyable = "";
          showTimeLimit(form, err);
        }
      } else {
        showStatus(form, engine.status);
      }
    }
  };
  let timer = 0;
  form.addEventListener("input", () => {
    if (!showsDefaults(form)) dropBuilt();
    clearTimeout(timer);
    timer = setTimeout(run, DEBOUNCE_MS);
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
    if (action.dataset.action === "copy-text" && copyable) {
      copyText(`${copyable}\n${location.href}`, note);
    } else if (action.dataset.action === "copy-link") {
      keepInUrl(form);
      copyText(location.href, note);
    }
  });
  const unsubscribe = engine.subscribe((status) => {
    if (!form.isConnected) {
      unsubscribe();
      return;
    }
    showStatus(form, status);
  });
  showStatus(form, engine.status);
  run(); // first result from the defaults (or the link's values)
}
