"""Calculator forms as semantic HTML: <form data-calculator>, real <label>s, named <output>s.

Input names equal the CLI options with _ for - ; output names equal the JSON fields.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from . import format as fmt


@dataclass(frozen=True)
class Field:
    name: str
    label: dict[str, str]
    help: dict[str, str]
    default: str
    unit: dict[str, str]
    inputmode: str = "decimal"


@dataclass(frozen=True)
class Output:
    name: str
    label: dict[str, str]
    unit: dict[str, str]


@dataclass(frozen=True)
class Form:
    calculator: str
    title: dict[str, str]
    fields: tuple[Field, ...]
    outputs: tuple[Output, ...]


T = {
    "compute": {"zh": "计算", "en": "Calculate"},
    "loading": {"zh": "计算引擎加载中…", "en": "Loading the calculator engine…"},
    "static": {
        "zh": "计算在您的浏览器内完成，数据不会离开本机。",
        "en": "Everything is computed in your browser; your figures never leave this device.",
    },
    "steps": {"zh": "计算过程", "en": "How it was calculated"},
}


def render(form: Form, lang: str) -> str:
    fid = f"calc-{form.calculator}"
    out = [f'<form class="hb-calc" id="{fid}" data-calculator="{form.calculator}" '
           f'novalidate aria-describedby="{fid}-privacy">']
    privacy = html.escape(T["static"][lang])
    out.append(f'<p class="hb-calc__privacy" id="{fid}-privacy">{privacy}</p>')
    out.append('<div class="hb-calc__fields">')
    for f in form.fields:
        iid = f"{fid}-{f.name}"
        out.append('<div class="hb-calc__field">')
        unit = html.escape(fmt.label(f.unit, lang))
        out.append(f'<label for="{iid}">{html.escape(fmt.label(f.label, lang))}'
                   f' <span class="hb-calc__unit">{unit}</span></label>')
        out.append("<input " + fmt.attrs(
            id=iid, name=f.name, type="text", inputmode=f.inputmode, value=f.default,
            autocomplete="off", aria_describedby=f"{iid}-help {iid}-error") + ">")
        out.append(f'<small id="{iid}-help" class="hb-calc__help">'
                   f'{html.escape(fmt.label(f.help, lang))}</small>')
        out.append(f'<small id="{iid}-error" class="hb-calc__error" aria-live="polite"></small>')
        out.append("</div>")
    out.append("</div>")
    out.append(f'<button type="submit" class="md-button md-button--primary">'
               f'{html.escape(T["compute"][lang])}</button>')
    out.append(f'<div class="hb-calc__status" data-engine-status role="status" aria-live="polite">'
               f'<progress max="100" value="0"></progress> '
               f'<span data-engine-text>{html.escape(T["loading"][lang])}</span></div>')
    out.append('<dl class="hb-calc__results">')
    inputs = " ".join(f"{fid}-{f.name}" for f in form.fields)
    for o in form.outputs:
        out.append(f'<div><dt>{html.escape(fmt.label(o.label, lang))}</dt>'
                   f'<dd><output name="{o.name}" for="{inputs}">'
                   f'</output> <span class="hb-calc__unit">{html.escape(fmt.label(o.unit, lang))}'
                   f'</span></dd></div>')
    out.append("</dl>")
    out.append(f'<details class="hb-calc__steps" open><summary>{html.escape(T["steps"][lang])}'
               f'</summary><ol data-result="steps"></ol></details>')
    out.append('<p class="hb-calc__form-error" data-form-error role="alert" hidden></p>')
    out.append("</form>")
    return "\n".join(out)


BONUS = Form(
    calculator="bonus",
    title={"zh": "绩效奖金计算器", "en": "Bonus calculator"},
    fields=(
        Field("completion",
              {"zh": "KPI 完成率", "en": "KPI completion"},
              {"zh": "可写 120%、1.2 或 120", "en": "Type 120%, 1.2 or 120"},
              "100%", {"zh": "%", "en": "%"}),
        Field("target_bonus",
              {"zh": "目标奖金", "en": "Target bonus"},
              {"zh": "可写 10000、1万 或 1,000", "en": "Type 10000, 1万 or 10,000"},
              "10000", {"zh": "元", "en": "yuan"}),
    ),
    outputs=(
        Output("completion_pct", {"zh": "完成率", "en": "Completion"}, {"zh": "%", "en": "%"}),
        Output("payout_pct", {"zh": "发放比例", "en": "Payout rate"}, {"zh": "%", "en": "%"}),
        Output("payout", {"zh": "奖金金额", "en": "Bonus amount"}, {"zh": "元", "en": "yuan"}),
    ),
)

FORMS = {"bonus": BONUS}
