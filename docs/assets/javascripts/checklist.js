// Onboarding checklists: tick items, kept in this browser only (localStorage).
//
// The macros render each phase as a task list inside
//   <div class="hb-checklist" data-checklist="onboarding/account-manager">
// whose links carry data-item="day-30.goals". The tick of an item is stored under
//   handbook:checklist:<page>:<item>
// so both languages of a page share their ticks. Material's instant navigation swaps
// pages without a reload: binding runs again on every `document$` emission.

const PREFIX = "handbook:checklist:";

function storage() {
  try {
    const probe = `${PREFIX}probe`;
    localStorage.setItem(probe, "1");
    localStorage.removeItem(probe);
    return localStorage;
  } catch {
    return null; // private mode or storage disabled: the boxes still tick, nothing is kept
  }
}

function key(page, item) {
  return `${PREFIX}${page}:${item}`;
}

function updateProgress(store, page) {
  const boxes = document.querySelectorAll(
    `.hb-checklist[data-checklist="${CSS.escape(page)}"] input[data-checklist-item]`,
  );
  const done = [...boxes].filter((box) => box.checked).length;
  for (const el of document.querySelectorAll(
    `[data-checklist-progress="${CSS.escape(page)}"]`,
  )) {
    el.textContent = el.dataset.template
      .replace("{done}", String(done))
      .replace("{total}", String(boxes.length));
    el.hidden = false;
  }
}

function bind() {
  const store = storage();
  const pages = new Set();
  for (const list of document.querySelectorAll(".hb-checklist[data-checklist]")) {
    const page = list.dataset.checklist;
    pages.add(page);
    for (const link of list.querySelectorAll("a[data-item]")) {
      const li = link.closest("li");
      const box = li && li.querySelector('input[type="checkbox"]');
      if (!box || box.dataset.checklistItem) continue; // no box, or bound already
      const item = link.dataset.item;
      box.dataset.checklistItem = item;
      box.disabled = false;
      box.setAttribute("aria-label", link.textContent.trim());
      box.checked = store ? store.getItem(key(page, item)) === "1" : false;
      box.addEventListener("change", () => {
        if (store) {
          if (box.checked) store.setItem(key(page, item), "1");
          else store.removeItem(key(page, item));
        }
        updateProgress(store, page);
      });
    }
  }
  for (const page of pages) updateProgress(store, page);
}

if (globalThis.document$ && typeof globalThis.document$.subscribe === "function") {
  globalThis.document$.subscribe(bind);
} else {
  bind();
}
