"""mkdocs-macros module: thin wrappers only.

Values come from the validated policy (calculators.policy), arithmetic from the
calculators, formatting from macros.format. A broken data file fails the build
with the loader's one-line message; an unknown key path fails it naming the path.

Macro API (every macro renders in the page's language, zh or en; zh-Hant is zh converted)
----------------------------------------------------------------------------------------
`{{ policy("communication.urgent.response_hours") }}`   -> 2 小时 / 2 hours
    One value inline. Path: `<file stem>.<key>.<key>[<index>]…`. The format follows
    the value's type and its key's suffix (see macros/format.py): `_pct` 10% / 10 %,
    `_hours` `_days` `_minutes` `_seconds` `_months`, `_yuan` 元, `_wan_yuan` 万元,
    `_wan` 万, `_times_per_week`, `_day_of_next_month`; dates, times (17:00), bilingual
    labels, criteria (`goals.targets.training_hours` -> ≥ 40 小时), lists (A, B and C),
    words such as `monday`. A criterion's `…value` takes its unit from the criterion.
    `policy("bonus.ladder[3].payout_pct")` -> 150%.
`{{ policy_number("training.hours_per_person") }}`    -> 40
    The bare number (no unit), for sentences that carry their own unit.
`{{ policy_list("customers.complaint_steps", ordered=True) }}`
    A list of labels (or named items) as a Markdown list.
`{{ policy_table("goals.targets", columns=["area", "metric", "value"]) }}`
    An array of tables (or a table of tables) as a Markdown table. Columns default to
    the fields whose schema has a bilingual title, in schema order; ids such as `area`
    are shown by the name in the sibling table (`goals.areas`).
`{{ template_table(1) }}` / `{{ template_title(1) }}`
    One of the five working templates (columns + the source's example rows) and its
    title ("表 1：季度营销目标分解表" / "Table 1: Quarterly target breakdown").
`{{ template_downloads(1) }}`
    Links to template n as CSV and XLSX workbook, generated at build time by
    hooks/templates.py into assets/templates/ (relative links: any language, any sub-path).
`{{ procedure("raise_deviation_warning") }}` / `{{ procedure_index() }}`
    A procedure of data/procedures.toml as sections with fixed ids (#when, #who, #steps,
    #deadlines, #form, #calculator); the index table of all procedures.
`{{ onboarding("account_manager") }}` / `{{ onboarding_index() }}` / `{{ onboarding_phases() }}`
    A role's onboarding path from data/onboarding.toml (mentor note, one checklist per
    phase, ticked in the browser by docs/assets/javascripts/checklist.js); the roles table;
    the phases as a list.
`{{ glossary() }}`
    The glossary page from data/glossary.toml: one table per group (term, its counterpart
    in the other language, definition). hooks/glossary.py adds the definitions as hover
    explanations (<abbr title>) on the first use of each term on every other page.
`{{ policy_meta("goals") }}`
    Version, effective date and owner of a policy area, one line.
`{{ handbook_version() }}` / `{{ changelog() }}`
    The handbook version in force and its date ("手册版本 2026.2，自2026年4月1日起生效"), from
    data/changelog.toml; the change log page (each version's changed values, newest first).
`{{ bonus_ladder_table() }}`
    The bonus ladder as a table.
`{{ calculator_form("bonus") }}` / `{{ batch_form("bonus") }}`
    A calculator's form from calculators/registry.py (labels, help, units, defaults from the policy,
    named <output>s; see macros/forms.py) and its batch panel (CSV in, results table,
    downloads; everything stays in the browser). Calculators: bonus, split, deviation.
`{{ bonus_example("120%", "10000") }}`, `{{ deviation_example("500", "380", "brand_exposure") }}`,
`{{ split_example("5000万", "2026-Q3", "week") }}`
    Worked examples computed by the calculators and rendered by calculators.render, the
    same renderer as the live calculator (verdict, figures, SVG chart, numbered steps in
    the page's language). Extra keyword arguments are further inputs (e.g.
    `special_bonus="2000"`, `weights="30,35,35"`).
Page metadata (owner, effective date, last and next review) comes from data/pages.toml
and is shown on every page by overrides/main.html (`page.meta.handbook_page`), with the
handbook version and the version of every data file the page's macros read
(`page.meta.handbook_policies`, see macros/versions.py); a page that shows a policy
changed in the current version gets a "changed in this version" note under its title. A page
whose next review has passed logs a WARNING at build time (a failure under --strict).
The JSON Schemas of the data files are published into the built site under /schemas/.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from calculators import render
from calculators.errors import CalculatorError
from calculators.policy import Policy, _split_path
from calculators.registry import CALCULATORS
from handbook import hant
from handbook.plugins.policy.plugin import plugin_of
from handbook.review import overdue_pages, page_key, today  # noqa: F401 (re-exported)
from handbook.schema_export import export as export_schemas

from . import choices as choices_
from . import downloads as template_downloads_
from . import format as fmt
from . import forms, tables, versions
from . import glossary as glossary_
from . import onboarding as onboarding_
from . import procedures as procedures_

log = logging.getLogger("mkdocs.plugins.handbook")

T = {
    "meta": {"zh": "版本 {version} · {effective} 起生效 · 负责人：{owner}",
             "en": "Version {version} · in force from {effective} · owner: {owner}"},
    "table": {"zh": "表 {n}：{title}", "en": "Table {n}: {title}"},
    "page_owner": {"zh": "负责人", "en": "Owner"},
    "page_effective": {"zh": "生效日期", "en": "Effective"},
    "page_reviewed": {"zh": "上次审阅", "en": "Last reviewed"},
    "page_next": {"zh": "下次审阅", "en": "Next review"},
    "page_overdue": {"zh": "本页已过审阅日期（应于 {due} 前审阅），内容可能已不是最新；"
                           "如有疑问请联系负责人：{owner}。",
                     "en": "This page is past its review date (due {due}); it may be out of "
                           "date. If in doubt, ask its owner: {owner}."},
}


def page_lang(env: Any) -> str:
    """The language of the page's data: zh or en. A zh-Hant page is its zh page (the
    i18n plugin's fallback, file.locale "zh"): the macros write zh, and hooks/hant.py
    converts the page after them."""
    page = getattr(env, "page", None)
    locale = getattr(getattr(page, "file", None), "locale", None)
    return locale if locale in fmt.LANGS else "zh"


def format_value(policy: Policy, path: str, lang: str) -> str:
    try:
        v = policy.value(path)
    except KeyError as exc:
        raise PluginError(f"policy({path!r}): unknown key path ({exc.args[0]})") from None
    parts = _split_path(path)
    key = str(parts[-1])
    if key == "value" and len(parts) > 1:
        parent = policy.value(path.rsplit(".", 1)[0])
        if isinstance(parent, dict) and "unit" in parent:
            return fmt.with_unit(v, parent["unit"], lang)
    return fmt.value(key, v, lang)


def page_meta(policy: Policy, src_uri: str, lang: str) -> dict[str, str] | None:
    page = policy["pages"]["pages"].get(page_key(src_uri))
    if page is None:
        return None
    return {
        "owner_label": T["page_owner"][lang], "owner": fmt.label(page["owner"], lang),
        "effective_label": T["page_effective"][lang],
        "effective": fmt.date(page["effective_from"], lang),
        "reviewed_label": T["page_reviewed"][lang],
        "reviewed": fmt.date(page["last_reviewed"], lang),
        "next_label": T["page_next"][lang], "next": fmt.date(page["next_review"], lang),
        "overdue": T["page_overdue"][lang].format(due=fmt.date(page["next_review"], lang),
                                                  owner=fmt.label(page["owner"], lang))
        if page["next_review"] < today() else "",
    }


def _policy_values(env: Any) -> None:
    """Policy values inline, as lists and as tables."""

    @env.macro
    def policy(path: str) -> str:
        """One policy value inline, formatted for the page's language."""
        return format_value(env.variables["handbook_policy"], path, page_lang(env))

    @env.macro
    def policy_number(path: str) -> str:
        """The bare number at path (no unit), e.g. for "{{ policy_number(...) }} 家"."""
        v = env.variables["handbook_policy"].value(path)
        if isinstance(v, bool) or not isinstance(v, (int, fmt.Decimal)):
            raise PluginError(f"policy_number({path!r}): not a number")
        return fmt.number(v)

    @env.macro
    def policy_list(path: str, ordered: bool = False) -> str:
        """A list of labels or named items as a Markdown list in the page's language."""
        items = env.variables["handbook_policy"].value(path)
        if not isinstance(items, list):
            raise PluginError(f"policy_list({path!r}): not a list")
        lang = page_lang(env)
        key = str(_split_path(path)[-1])
        return "\n".join(f"{f'{i}.' if ordered else '-'} {fmt.value(key, item, lang)}"
                         for i, item in enumerate(items, 1))

    @env.macro
    def policy_table(path: str, columns: list[str] | None = None) -> str:
        """An array of tables (or table of tables) as a Markdown table."""
        lang = page_lang(env)
        try:
            table = tables.policy_table(env.variables["handbook_policy"], path, lang, columns)
        except KeyError as exc:
            raise PluginError(f"policy_table({path!r}): unknown key path ({exc.args[0]})") \
                from None
        return table.as_markdown(lang)

    @env.macro
    def policy_meta(area: str) -> str:
        """Version, effective date and owner of a policy area."""
        lang = page_lang(env)
        try:
            doc = env.variables["handbook_policy"][area]
        except KeyError:
            raise PluginError(f"policy_meta({area!r}): no such policy area") from None
        return T["meta"][lang].format(version=doc["version"],
                                      effective=fmt.date(doc["effective_from"], lang),
                                      owner=fmt.label(doc["owner"], lang))

    @env.macro
    def bonus_ladder_table() -> str:
        """The bonus ladder as a table in the page's language."""
        lang = page_lang(env)
        return tables.bonus_ladder(env.variables["handbook_policy"]["bonus"], lang) \
            .as_markdown(lang)



def _templates(env: Any) -> None:
    """The five working templates: tables, titles, downloads."""

    @env.macro
    def template_table(number: int) -> str:
        """Template n (1–5): its columns and the source's example rows."""
        lang = page_lang(env)
        return tables.template_table(env.variables["handbook_policy"], number, lang) \
            .as_markdown(lang)

    @env.macro
    def template_title(number: int) -> str:
        """"表 1：季度营销目标分解表" / "Table 1: Quarterly target breakdown"."""
        lang = page_lang(env)
        t = tables.template(env.variables["handbook_policy"], number)
        return T["table"][lang].format(n=number, title=fmt.label(t["title"], lang))

    @env.macro
    def template_downloads(number: int) -> str:
        """Links to template n as CSV and XLSX (written into the site by hooks/templates.py)."""
        lang = page_lang(env)
        t = tables.template(env.variables["handbook_policy"], number)
        base = get_relative_url(".", env.page.url).rstrip("/") + "/"
        # The wording in the page's language (a zh-Hant page's is converted after the
        # macros, by hooks/hant.py), the files in its edition's: the theme language of this
        # build of mkdocs-static-i18n.
        files = template_downloads_.file_lang(lang, str(env.conf.theme.get("language") or ""))
        return template_downloads_.links(number, t["title"], lang, "" if base == "./" else base,
                                         file_lang=files)



def _procedures_and_onboarding(env: Any) -> None:
    """Procedures and onboarding paths from their data files."""

    def page_context() -> procedures_.Context:
        lang = page_lang(env)
        return procedures_.page_context(
            env.page.file.src_uri, env.conf["docs_dir"], lang,
            lambda path: format_value(env.variables["handbook_policy"], path, lang))

    @env.macro
    def procedure(key: str) -> str:
        """A procedure's sections (when, who, steps, deadlines, form, calculator)."""
        try:
            return procedures_.render(env.variables["handbook_policy"], key, page_context())
        except KeyError as exc:
            raise PluginError(str(exc.args[0])) from None

    @env.macro
    def procedure_index() -> str:
        """All procedures as a table: procedure (linked), when it starts, its form."""
        return procedures_.index(env.variables["handbook_policy"], page_context())

    @env.macro
    def onboarding(role: str) -> str:
        """A role's onboarding path: mentor note and one checklist per phase."""
        try:
            return onboarding_.render(env.variables["handbook_policy"], role, page_context())
        except KeyError as exc:
            raise PluginError(str(exc.args[0])) from None

    @env.macro
    def onboarding_index() -> str:
        """The onboarding roles as a table (role page, layer, number of items)."""
        return onboarding_.index(env.variables["handbook_policy"], page_context())

    @env.macro
    def onboarding_phases() -> str:
        """The onboarding phases as a list ("入职 30 天内：…")."""
        return onboarding_.phases(env.variables["handbook_policy"], page_lang(env))



def _glossary(env: Any) -> None:
    """The glossary page."""

    @env.macro
    def glossary() -> str:
        """The glossary page: one table per group, definitions with policy values."""
        lang = page_lang(env)
        policy = env.variables["handbook_policy"]
        value = glossary_.value_formatter(policy, lang, format_value, fmt.number)
        try:
            return glossary_.page(policy["glossary"], lang, value)
        except KeyError as exc:
            raise PluginError(f"glossary(): unknown key path ({exc.args[0]})") from None



def _versions(env: Any) -> None:
    """The handbook version and the change log page."""

    @env.macro
    def handbook_version() -> str:
        """The handbook version in force and the date it applies from (data/changelog.toml)."""
        return versions.handbook_version(env.variables["handbook_policy"], page_lang(env))

    @env.macro
    def changelog() -> str:
        """The change log page: each version's changed policy values, newest first."""
        return versions.changelog_page(env.variables["handbook_policy"], page_lang(env))



def _calculators(env: Any) -> None:
    """Calculator forms, batch panels and worked examples, from the registry."""

    @env.macro
    def calculator_form(name: str) -> str:
        """A calculator's form from the calculator registry, in the page's language."""
        # overrides/main.html starts the engine from <head> on pages that have one.
        env.page.meta["hb_calculator"] = True
        try:
            # The zh-Hant edition is its zh page converted after the macros: the form is
            # written in zh, the reply shown before the engine answers in zh-Hant.
            hant_edition = str(env.conf["theme"].get("language") or "") == hant.LANG
            return forms.render(env.variables["handbook_policy"], name, page_lang(env),
                                reply_lang=hant.LANG if hant_edition else None)
        except KeyError as exc:
            raise PluginError(f"calculator_form({name!r}): {exc.args[0]}") from None

    @env.macro
    def batch_form(name: str) -> str:
        """A calculator's batch panel: CSV upload or paste, results table, downloads."""
        try:
            return forms.batch(env.variables["handbook_policy"], name, page_lang(env))
        except KeyError as exc:
            raise PluginError(f"batch_form({name!r}): {exc.args[0]}") from None

    def example(calculator: str, inputs: dict[str, Any]) -> str:
        """A worked example: the calculator's result through calculators.render, the same
        renderer the browser uses (figures, chart, numbered steps), as one HTML block."""
        policy = env.variables["handbook_policy"]
        entry = CALCULATORS.get(calculator)
        if entry is None:
            raise PluginError(f"calculator_example({calculator!r}): no such calculator "
                              f"(known: {', '.join(CALCULATORS)})")
        try:
            result = entry.run({k: v for k, v in inputs.items() if v is not None}, policy)
        except CalculatorError as exc:
            raise PluginError(f"{calculator}_example: {exc}") from None
        return render.render(calculator, result.as_json(), page_lang(env), policy)

    @env.macro
    def calculator_example(name: str, **inputs: str) -> str:
        """A worked example of any registered calculator: `calculator_example("star",
        results="...")`, inputs by name as a person types them."""
        return example(name, inputs)

    @env.macro
    def bonus_example(completion: str, target_bonus: str, **more: str) -> str:
        """A worked bonus example (more: period, start_date, days_in_role, special_bonus)."""
        return example("bonus", {"completion": completion, "target_bonus": target_bonus,
                                 **more})

    @env.macro
    def deviation_example(plan: str, actual: str, metric: str | None = None,
                          **more: str) -> str:
        """A worked deviation check (plan vs actual), computed by calculators.deviation."""
        return example("deviation", {"plan": plan, "actual": actual, "metric": metric, **more})

    @env.macro
    def split_example(total: str, period: str | None = None, into: str | None = None,
                      **more: str) -> str:
        """A worked target split (more: weights, parts, buffer, labels, basis, unit…)."""
        return example("split", {"total": total, "period": period, "into": into, **more})
    choices_.register(env)


def define_env(env: Any) -> None:
    """Register the macros, one group per feature; the policy comes from the handbook plugin
    (handbook/plugins/policy), loaded and validated once per build."""
    loaded = plugin_of(env.conf).policy
    # Notes which data files each page's macros read (macros/versions.py).
    env.variables["handbook_policy"] = versions.Recording(loaded)
    versions.version_selector_only_in_releases(env.conf)
    for feature in (_policy_values, _templates, _procedures_and_onboarding, _glossary,
                    _versions, _calculators):
        feature(env)


def on_pre_page_macros(env: Any) -> None:
    """Start noting which data files this page's macros read."""
    env.variables["handbook_policy"].reset()


def on_post_page_macros(env: Any) -> None:
    """Attach the page's owner and review dates for overrides/main.html."""
    page = env.page
    # First, before anything below reads the policy: the versions of the data files this
    # page's macros read, and a note under the title when one changed in this version.
    recorded = env.variables["handbook_policy"]
    lang = page_lang(env)
    page.meta["handbook_policies"] = versions.page_policies(recorded, lang)
    note = versions.changed_note(recorded, page.file.src_uri, lang)
    if note:
        env.markdown = versions.insert_after_title(env.markdown, note)
    meta = page_meta(env.variables["handbook_policy"], page.file.src_uri, page_lang(env))
    if meta is not None:
        page.meta["handbook_page"] = meta


def on_post_build(env: Any) -> None:
    """Publish the data files' JSON Schemas with the site (/schemas/<stem>.schema.json)."""
    export_schemas(Path(env.conf["site_dir"]) / "schemas")
