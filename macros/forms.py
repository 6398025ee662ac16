"""Calculator forms from the calculator registry as semantic HTML, in the page's language.

`render(policy, name, lang)` gives `<form data-calculator="NAME">`: one real `<label>` per
input (input `name` = the CLI option with _ for -), its help and error slots tied with
aria-describedby, the fields marked `more` under a "more options" disclosure, the
actions (calculate, reset, copy result, copy link), the engine status (progress bar),
one `<output name="...">` per key figure (named like the result's JSON field) and the
`[data-result="html"]` container where docs/assets/engine/engine.js inserts the HTML
rendered by calculators.render. The form is served showing the example: the reply to its
defaults, made at build time by the engine's own Python, is written into those outputs
and that container (a reader sees it as the page paints, before any script runs), and is
kept as JSON too (`built_reply`) for form.js; it stays until the reader changes a field
or the engine answers. Defaults come from the policy in force (`default_from`) or from
the registry's example inputs; the browser keeps only non-default values in the URL.

`batch(policy, name, lang)` gives the batch panel: CSV file or pasted text, results
table, results and template downloads. Nothing is uploaded anywhere: the page says so.
One inline script in every form, the same text in each (`EXAMPLE_GUARD`, allowed by its
hash in the site's CSP): it takes the example away while the page is still loading when
the link carries inputs (they are someone's own figures). Otherwise behaviour is
engine.js, looks are handbook.css.

The words are the message catalog's: the [forms] table for the form's own, the registry's
`Words` (calculator.*, fields.*, outputs.*, display.unit.*) for each calculator's. The
zh-Hant pages are converted from the zh ones after the macros run, so the forms are
rendered in zh and en; any language of the catalog renders, though.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from calculators import web
from calculators.errors import CalculatorError
from calculators.i18n import language, pick, t
from calculators.policy import Policy
from calculators.registry import CALCULATORS, Calculator, Field
from handbook import hant

from . import format as fmt


def _t(key: str, lang: str) -> str:
    """A form word from the catalog's [forms] table, escaped for HTML."""
    return html.escape(t(f"forms.{key}", lang))


def calculator(name: str) -> Calculator:
    entry = CALCULATORS.get(name)
    if entry is None:
        raise KeyError(f"no calculator {name!r} (known: {', '.join(CALCULATORS)})")
    return entry


def default_value(policy: Policy, field: Field) -> str:
    if field.default_from:
        return fmt.number(policy.value(field.default_from)).replace(",", "") \
            + field.default_suffix
    return field.default


def options(policy: Policy, field: Field, lang: str) -> list[tuple[str, str]]:
    out = [(o.value, o.label.text(lang)) for o in field.options]
    if field.options_from:
        table = policy.value(field.options_from)
        out += [(key, pick(item["name"], lang)) for key, item in table.items()]
    return out


def _field(policy: Policy, fid: str, field: Field, lang: str) -> str:
    name = field.name
    iid = f"{fid}-{name}"
    kind = field.kind
    default = default_value(policy, field)
    described = f"{iid}-help {iid}-error" if field.help else f"{iid}-error"
    unit = f' <span class="hb-calc__unit">{html.escape(field.unit.text(lang))}</span>' \
        if field.unit else ""
    out = [f'<div class="hb-calc__field hb-calc__field--{kind}">',
           f'<label for="{iid}">{html.escape(field.label.text(lang))}{unit}</label>']
    if kind == "select":
        opts = []
        for value, text in options(policy, field, lang):
            selected = " selected" if value == default else ""
            opts.append(f'<option value="{html.escape(value)}"{selected}>'
                        f"{html.escape(text)}</option>")
        out.append(f'<select {fmt.attrs(id=iid, name=name, aria_describedby=described)}>'
                   + "".join(opts) + "</select>")
    elif kind == "textarea":
        out.append(f'<textarea {fmt.attrs(id=iid, name=name, rows=3, autocomplete="off", spellcheck="false", aria_describedby=described)}>'  # noqa: E501
                   f"{html.escape(default)}</textarea>")
    else:
        input_type = "date" if kind == "date" else "text"
        mode = None if kind == "date" else field.inputmode
        out.append("<input " + fmt.attrs(
            id=iid, name=name, type=input_type, inputmode=mode, value=default,
            autocomplete="off", aria_describedby=described) + ">")
    if field.help:
        out.append(f'<small id="{iid}-help" class="hb-calc__help">'
                   f'{html.escape(field.help.text(lang))}</small>')
    out.append(f'<small id="{iid}-error" class="hb-calc__error"></small>')
    out.append("</div>")
    return "".join(out)


def render(policy: Policy, name: str, lang: str, reply_lang: str | None = None) -> str:
    """The calculator's form (see the module docstring). `reply_lang`: the language of
    the reply made at build time, when the page is converted to it later (zh-Hant)."""
    lang = language(lang)
    form = calculator(name)
    fid = f"calc-{name}"
    main = [f for f in form.fields if not f.more]
    more = [f for f in form.fields if f.more]
    out = [f'<form class="hb-calc" id="{fid}" data-calculator="{html.escape(name)}" novalidate '
           'data-result="built" '
           f'aria-label="{html.escape(form.title.text(lang))}" '
           f'aria-describedby="{fid}-privacy">',
           f'<p class="hb-calc__privacy" id="{fid}-privacy">{_t("static", lang)}</p>',
           '<div class="hb-calc__fields">',
           *(_field(policy, fid, f, lang) for f in main), "</div>"]
    if more:
        out += [f'<details class="hb-calc__more"><summary>{_t("more", lang)}</summary>',
                '<div class="hb-calc__fields">', *(_field(policy, fid, f, lang) for f in more),
                "</div></details>"]
    out.append('<div class="hb-calc__actions">'
               f'<button type="submit" class="md-button md-button--primary">{_t("compute", lang)}'
               f'</button><button type="reset" class="md-button">{_t("reset", lang)}</button>'
               f'<button type="button" class="md-button" data-action="copy-text" disabled>'
               f'{_t("copy_text", lang)}</button>'
               f'<button type="button" class="md-button" data-action="copy-link">'
               f'{_t("copy_link", lang)}</button>'
               '<span class="hb-calc__note" data-action-note role="status"></span></div>')
    out.append(f'<div class="hb-calc__status" data-engine-status role="status">'
               f'<progress max="100" value="0" aria-label="{_t("loading", lang)}"></progress> '
               f'<span data-engine-text>{_t("loading", lang)}</span>'
               # Without scripts the engine never loads: say so instead (handbook.css
               # hides the loading words under `scripting: none`); not for search.
               f'<noscript data-search-exclude>{_t("no_script", lang)}</noscript></div>')
    # A page converted to zh-Hant after the macros shows its defaults converted too.
    converted = reply_lang is not None and language(reply_lang) == hant.LANG != lang
    example = example_reply(policy, name, reply_lang or lang, converted)
    shown = shown_figures(example)
    ids = " ".join(f"{fid}-{f.name}" for f in form.fields)
    out.append(EXAMPLE_GUARD)
    out.append(f'<dl class="hb-calc__results" aria-label="{_t("results", lang)}">')
    # The figure carries its unit ("20,000.00 元", "120%"): no bare unit is left beside an
    # empty output when the input is wrong. engine/form.js keeps the JSON in data-value.
    for o in form.outputs:
        cls = ' class="hb-calc__headline"' if o.headline else ""
        out.append(f'<div{cls}><dt>{html.escape(o.label.text(lang))}</dt>'
                   f'<dd><output name="{html.escape(o.name)}" for="{ids}" data-search-exclude>'
                   f'{html.escape(shown.get(o.name, ""))}</output></dd></div>')
    out.append("</dl>")
    out.append('<p class="hb-calc__form-error" data-form-error role="alert" hidden></p>')
    # calculators.render's HTML, escaped there: what form.js puts in with innerHTML. The
    # example's figures and steps stay out of the search index (the page's own words are
    # what a search should find; the index stays as it was before they were served). A
    # <section>, because Material's search parser ends an exclusion at the first closing
    # tag of the same name inside it, and the result has <div>s but no <section>.
    out.append('<section class="hb-calc__result" data-result="html" data-search-exclude>'
               f'{example["html"]}</section>')
    out.append(built_reply(example))
    out.append("</form>")
    return "\n".join(out)


# In each form, after its fields and before its figures: a link with inputs carries
# someone's own figures, so the form stops being the example ("built") before its
# figures are parsed, and handbook.css keeps a form that is neither the example nor the
# engine's answer from showing any figure; form.js clears them when it binds the form
# (on a phone, seconds later). Kept to the same text everywhere: the CSP allows it by one
# hash (hooks/csp.py). form.js reads the same query (urlstate.js).
EXAMPLE_GUARD = (
    "<script>(function (f) {"
    " var q = new URLSearchParams(location.search);"
    " var named = f.querySelectorAll(\"input[name], select[name], textarea[name]\");"
    " for (var i = 0; i < named.length; i++) if (q.has(named[i].name)) {"
    " f.removeAttribute(\"data-result\"); return; }"
    " })(document.currentScript.parentElement);</script>")


def default_inputs(policy: Policy, name: str) -> dict[str, str]:
    """The form's inputs as served: each field's default, as the reader sees it."""
    return {f.name: default_value(policy, f) for f in calculator(name).fields}


def example_reply(policy: Policy, name: str, lang: str, converted: bool = False
                  ) -> dict[str, Any]:
    """The engine's reply to the form's defaults, made now by the same Python
    (calculators.web.answer) with this build's policy. `converted`: the page is converted
    to zh-Hant after the macros, so its defaults are read as it will show them (5000萬,
    張三), and `lang` is zh-Hant: the page's conversion (hooks/hant.py reconverts, so
    Traditional text stays as it is) leaves the reply's words alone."""
    inputs = default_inputs(policy, name)
    if converted:
        inputs = {key: hant.reconvert(value) for key, value in inputs.items()}
    try:
        return web.answer(name, inputs, lang, policy)
    except CalculatorError as exc:  # the defaults must compute: say which and why
        raise KeyError(f"the form's defaults do not compute: {exc}") from None


_DISPLAY = re.compile(r'data-display="([^"]*)"')


def shown_figures(reply: dict[str, Any]) -> dict[str, str]:
    """{output name: text} as form.js's showReply writes them from a reply: the
    `data-display` map calculators.render puts in the HTML, else the JSON value."""
    found = _DISPLAY.search(str(reply.get("html") or ""))
    shown = json.loads(html.unescape(found[1])) if found else {}
    result = reply.get("result") or {}
    return {**{key: _js_string(value) for key, value in result.items()},
            **{key: str(value) for key, value in shown.items()}}


def _js_string(value: object) -> str:
    """JavaScript's String() of a JSON value (the raw figure form.js shows)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def built_reply(reply: dict[str, Any]) -> str:
    """The example's reply as JSON in a hidden element's `data-built-reply`: form.js takes
    the example shown over from it (the text for "copy result", each output's JSON value)
    and draws it again on reset, while the engine is not there.

    An attribute, not a `<script type="application/json">`: Material's instant navigation
    runs every script of the new page again, without its type. The JSON is ASCII with `<`
    and `>` escaped, so nothing that reads the page's tags can end it early, and the
    zh-Hant conversion finds no Chinese in it."""
    data = json.dumps(reply, ensure_ascii=True, separators=(",", ":"))
    data = data.replace("<", "\\u003c").replace(">", "\\u003e")
    return f'<div hidden data-built-reply="{html.escape(data, quote=True)}"></div>'


# What the batch panel's file input offers: CSV and text exports, Excel workbooks.
ACCEPT = (".csv,.txt,.tsv,.xlsx,text/csv,text/plain,text/tab-separated-values,"
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def batch(policy: Policy, name: str, lang: str) -> str:
    """The batch panel of a calculator (see the module docstring)."""
    lang = language(lang)
    calculator(name)  # a KeyError names an unknown calculator
    bid = f"batch-{name}"
    return "\n".join([
        f'<div class="hb-batch-ui" data-batch="{html.escape(name)}" id="{bid}">',
        f'<p class="hb-calc__privacy">{_t("batch_privacy", lang)}</p>',
        '<div class="hb-calc__fields">',
        f'<div class="hb-calc__field"><label for="{bid}-file">{_t("batch_file", lang)}</label>'
        f'<input id="{bid}-file" type="file" accept="{ACCEPT}" aria-describedby='
        f'"{bid}-file-help" data-batch-file><small id="{bid}-file-help" class="hb-calc__help">'
        f'{_t("batch_file_help", lang)}</small></div>',
        f'<div class="hb-calc__field hb-calc__field--textarea"><label for="{bid}-text">'
        f'{_t("batch_paste", lang)}</label><textarea id="{bid}-text" rows="5" spellcheck="false" '
        f'autocomplete="off" aria-describedby="{bid}-help" data-batch-text></textarea>'
        f'<small id="{bid}-help" class="hb-calc__help">{_t("batch_paste_help", lang)}</small>'
        "</div></div>",
        '<div class="hb-calc__actions">'
        f'<button type="button" class="md-button md-button--primary" data-action="batch-run">'
        f'{_t("batch_run", lang)}</button>'
        f'<button type="button" class="md-button" data-action="batch-download" disabled>'
        f'{_t("batch_download", lang)}</button>'
        f'<button type="button" class="md-button" data-action="batch-download-xlsx" disabled>'
        f'{_t("batch_download_xlsx", lang)}</button>'
        f'<button type="button" class="md-button" data-action="batch-template">'
        f'{_t("batch_template", lang)}</button>'
        f'<button type="button" class="md-button" data-action="batch-template-xlsx">'
        f'{_t("batch_template_xlsx", lang)}</button></div>',
        '<p class="hb-calc__form-error" data-form-error role="alert" hidden></p>',
        '<div class="hb-batch-ui__result" data-batch-result></div>',
        "</div>",
    ])
