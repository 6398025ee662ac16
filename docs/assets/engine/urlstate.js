// A calculator's inputs in the page's address: only the values that differ from the
// form's defaults are kept in the query string, so a copied link reproduces the result
// and a link with no query shows the defaults. Other query parameters and the #hash are
// left alone. Pure: fields are anything shaped like a form control ({name, value,
// tagName, defaultValue, options}), so tests/js/urlstate.test.mjs runs it under node.

/** The value a field shows before anyone types (the HTML default). */
export function defaultOf(field) {
  if (String(field.tagName).toUpperCase() === "SELECT") {
    const options = [...(field.options || [])];
    const chosen = options.find((o) => o.defaultSelected) || options[0];
    return chosen ? chosen.value : "";
  }
  return field.defaultValue ?? "";
}

/** Whether a field's value differs from its default. */
export function isChanged(field) {
  return field.value !== defaultOf(field);
}

/** `href` with each field's value in the query when it is not the default, removed when it is. */
export function stateHref(href, fields) {
  const url = new URL(href);
  for (const field of fields) {
    if (isChanged(field)) url.searchParams.set(field.name, field.value);
    else url.searchParams.delete(field.name);
  }
  return url.href;
}

/** The values a link carries for the given field names: Map name -> value. */
export function valuesFromQuery(search, names) {
  const query = new URLSearchParams(search);
  const out = new Map();
  for (const name of names) if (query.has(name)) out.set(name, query.get(name));
  return out;
}
