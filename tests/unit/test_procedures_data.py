"""data/procedures.toml and data/onboarding.toml: their schemas and their references.

Standard library and pytest only (this also runs inside Pyodide): the policy comes from
calculators.policy.get_policy(), no file is read outside the package.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest

from calculators.errors import PolicyError
from calculators.policy import Policy
from calculators.schema import Ctx
from handbook.policy import get as get_policy
from handbook.schemas import SCHEMAS
from handbook.schemas.procedures import placeholders

PROCEDURE_PAGES = {
    "procedures/set-quarterly-targets.md", "procedures/assign-and-track-tasks.md",
    "procedures/raise-deviation-warning.md", "procedures/monthly-retrospective.md",
    "procedures/cross-department-request.md", "procedures/quotation-approval.md",
    "procedures/submit-expense.md", "procedures/quarterly-retrospective.md",
    "procedures/project-retrospective.md",
}
# Names with digits that are not figures: priorities P0–P3.
NOT_FIGURES = re.compile(r"\bP[0-3]\b")


@pytest.fixture(scope="module")
def policy() -> Policy:
    return get_policy()


def labels(node: Any, path: str = "") -> list[tuple[str, dict[str, str]]]:
    """Every bilingual label under node, with its key path."""
    found: list[tuple[str, dict[str, str]]] = []
    if isinstance(node, dict):
        if set(node) == {"zh", "en"} and all(isinstance(v, str) for v in node.values()):
            return [(path, node)]
        for key, child in node.items():
            found += labels(child, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for i, child in enumerate(node):
            found += labels(child, f"{path}[{i}]")
    return found


def key_paths(doc: dict[str, Any]) -> list[tuple[str, str]]:
    """(where, key path) for every placeholder and every deadline path in procedures."""
    refs = [(where, ref) for where, label in labels(doc) for ref in placeholders(label["zh"])]
    for key, proc in doc["procedures"].items():
        refs += [(f"procedures.{key}.deadlines[{i}].path", d["path"])
                 for i, d in enumerate(proc["deadlines"]) if "path" in d]
    return refs


def shown_as_one_value(value: Any) -> bool:
    """What {{ policy(path) }} can show inline: a figure, a word, a label, a list of them."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, Decimal, str, dt.date, dt.time)):
        return True
    if isinstance(value, dict):
        return set(value) == {"zh", "en"} or {"value", "unit"} <= set(value) \
            or "name" in value
    if isinstance(value, list):
        return all(shown_as_one_value(v) for v in value)
    return False


# ------------------------------------------------------------- procedures ---

def test_the_procedures_each_have_their_page(policy: Policy) -> None:
    pages = {p["page"] for p in policy["procedures"]["procedures"].values()}
    assert pages == PROCEDURE_PAGES


@pytest.mark.parametrize("area", ["procedures", "onboarding"])
def test_every_key_path_names_a_value_that_can_be_shown(policy: Policy, area: str) -> None:
    doc = policy[area]
    refs = key_paths(doc) if area == "procedures" else \
        [(w, r) for w, label in labels(doc) for r in placeholders(label["zh"])]
    if area == "onboarding":
        refs.append(("mentor_months_from", doc["mentor_months_from"]))
    assert refs, "expected references into the other data files"
    for where, ref in refs:
        try:
            value = policy.value(ref)
        except KeyError as exc:
            pytest.fail(f"{area}.{where}: {exc.args[0]}")
        assert shown_as_one_value(value), f"{area}.{where}: {ref} is a table, not one value"


@pytest.mark.parametrize("area", ["procedures", "onboarding"])
def test_no_figure_is_typed_into_a_label(policy: Policy, area: str) -> None:
    """Figures live in their own files; a label names them as {area.key}."""
    for where, label in labels(policy[area]):
        for lang, text in label.items():
            bare = NOT_FIGURES.sub("", re.sub(r"\{[^{}]*\}", "", text))
            assert not re.search(r"\d", bare), f"{area}.{where}.{lang}: {text!r}"


def test_forms_templates_and_chains_exist(policy: Policy) -> None:
    doc = policy["procedures"]
    template_ids = {t["id"] for t in policy["templates"]["templates"]}
    assert set(doc["template_pages"]) == template_ids
    chains = {c["id"] for c in policy["approvals"]["chains"]}
    used = set()
    for key, proc in doc["procedures"].items():
        if "template" in proc["form"]:
            used.add(proc["form"]["template"])
        used |= set(proc.get("forms", []))
        for cid in proc.get("approval_chains", []):
            assert cid in chains, f"procedures.{key}: no approval chain {cid!r}"
    assert used == template_ids, "every template is the form of some procedure"


def test_every_procedure_has_its_sections(policy: Policy) -> None:
    for key, proc in policy["procedures"]["procedures"].items():
        assert proc["when"] and proc["responsible"] and proc["form"], key
        assert len(proc["steps"]) >= 2 and proc["deadlines"], key


def test_the_deviation_procedure_points_at_the_deviation_calculator(policy: Policy) -> None:
    doc = policy["procedures"]
    uses = [u["id"] for u in doc["procedures"]["raise_deviation_warning"]["calculators"]]
    assert uses == ["deviation"]
    assert doc["calculators"]["deviation"]["page"] == "calculators/deviation.md"


def check(area: str, doc: dict[str, Any]) -> None:
    SCHEMAS[area].check(doc, Ctx(f"data/{area}.toml"))


BROKEN_PROCEDURES = [
    ("bad placeholder", lambda d: d["procedures"]["submit_expense"]["steps"].__setitem__(
        0, {"zh": "见 {Not A Path}", "en": "see {Not A Path}"}), "is not a key path"),
    ("zh and en differ", lambda d: d["procedures"]["submit_expense"]["steps"].__setitem__(
        0, {"zh": "{deviation.warning_pct}", "en": "{deviation.escalate_pct}"}),
     "zh and en name different policy values"),
    ("path and text", lambda d: d["procedures"]["submit_expense"]["deadlines"][0].__setitem__(
        "text", {"zh": "x", "en": "x"}), "give exactly one of path and text"),
    ("bad path", lambda d: d["procedures"]["submit_expense"]["deadlines"][0].__setitem__(
        "path", "approvals chains"), "is not a key path"),
    ("unknown template", lambda d: d["procedures"]["assign_and_track_tasks"]["form"]
     .__setitem__("template", "nope"), "'nope' is not in template_pages"),
    ("empty form", lambda d: d["procedures"]["submit_expense"].__setitem__("form", {}),
     "give a template id or a form name"),
    ("one step", lambda d: d["procedures"]["submit_expense"]["steps"].__delitem__(
        slice(1, None)), "at least 2 item(s)"),
    ("same page twice", lambda d: d["procedures"]["submit_expense"].__setitem__(
        "page", "procedures/quotation-approval.md"), "is already the page of"),
    ("unknown calculator", lambda d: d["procedures"]["raise_deviation_warning"]
     ["calculators"][0].__setitem__("id", "tax"), "is not one of"),
    ("English page path", lambda d: d["template_pages"].__setitem__(
        "task_tracking", "templates/task-tracking.en.md"), "is not a page path"),
]


@pytest.mark.parametrize(("name", "breaks", "message"), BROKEN_PROCEDURES,
                         ids=[b[0] for b in BROKEN_PROCEDURES])
def test_a_broken_procedures_file_fails_naming_the_problem(policy: Policy, name: str, breaks,
                                                           message: str) -> None:
    doc = copy.deepcopy(dict(policy["procedures"]))
    check("procedures", copy.deepcopy(doc))  # the real data passes
    breaks(doc)
    with pytest.raises(PolicyError, match=re.escape(message)):
        check("procedures", doc)


# ------------------------------------------------------------- onboarding ---

ONBOARDING_PAGES = {f"onboarding/{r}.md" for r in (
    "account-manager", "channel-specialist", "content-planner", "data-analyst",
    "design-specialist", "marketing-manager", "marketing-supervisor", "sales-staff")}


def test_every_role_has_its_page_and_every_phase(policy: Policy) -> None:
    doc = policy["onboarding"]
    assert {r["page"] for r in doc["roles"].values()} == ONBOARDING_PAGES
    assert doc["phases"][0]["day"] <= 7, "the path starts with the first week"
    assert [d["day"] for d in doc["first_week"]] == [1, 2, 3, 4, 5], "day by day"
    phase_ids = [p["id"] for p in doc["phases"]]
    for key in doc["roles"]:
        for phase in phase_ids:
            count = len(doc["common"].get(phase, [])) + len(doc["roles"][key]["items"]
                                                             .get(phase, []))
            if phase == phase_ids[0]:
                count += sum(len(d["items"]) for d in doc["first_week"])
            assert count > 0, f"onboarding: {key} has nothing to do in {phase}"


def test_the_mentoring_period_comes_from_the_roles_file(policy: Policy) -> None:
    doc = policy["onboarding"]
    assert doc["mentor_months_from"] == "roles.pipeline.mentor_months"
    assert policy.value(doc["mentor_months_from"]) == 3  # source 000: three months


def test_onboarding_layers_are_the_roles_layers(policy: Policy) -> None:
    layers = {layer["id"] for layer in policy["roles"]["layers"]}
    assert {r["layer"] for r in policy["onboarding"]["roles"].values()} == layers


def test_checklist_keys_are_unique_per_role(policy: Policy) -> None:
    doc = policy["onboarding"]
    for key, r in doc["roles"].items():
        keys = [f"{phase}.{item['id']}" for phase, its in doc["common"].items() for item in its]
        keys += [f"week-1.{item['id']}" for day in doc["first_week"] for item in day["items"]]
        keys += [f"week-1.{item['id']}" for item in r["tools"]]
        keys += [f"{phase}.{item['id']}" for phase, its in r["items"].items() for item in its]
        assert len(keys) == len(set(keys)), key


BROKEN_ONBOARDING = [
    ("unknown phase", lambda d: d["common"].__setitem__("day-45", d["common"]["day-30"]),
     "common.day-45: unknown phase"),
    ("id shared with a common item", lambda d: d["roles"]["data_analyst"]["items"]["day-30"][0]
     .__setitem__("id", "goals"), "is already a common item of day-30"),
    ("same id twice in a phase", lambda d: d["common"]["day-30"].append(
        copy.deepcopy(d["common"]["day-30"][0])), "'goals' is used twice"),
    ("bad item id", lambda d: d["common"]["day-30"][0].__setitem__("id", "Read It"),
     "use lower-case letters"),
    ("same id twice in the first week", lambda d: d["first_week"][1]["items"].append(
        copy.deepcopy(d["first_week"][0]["items"][0])), "already an item of the first week"),
    ("first week out of order", lambda d: d["first_week"][1].__setitem__("day", 1),
     "is not above the day before it"),
    ("phases out of order", lambda d: d["phases"][2].__setitem__("day", 20),
     "is not above the phase before it"),
    ("unknown layer", lambda d: d["roles"]["data_analyst"].__setitem__("layer", "board"),
     "is not one of"),
    ("English page", lambda d: d["common"]["day-30"][0].__setitem__("page", "index.en.md"),
     "is not a page path"),
    ("bad mentor path", lambda d: d.__setitem__("mentor_months_from", "three months"),
     "is not a key path"),
]


@pytest.mark.parametrize(("name", "breaks", "message"), BROKEN_ONBOARDING,
                         ids=[b[0] for b in BROKEN_ONBOARDING])
def test_a_broken_onboarding_file_fails_naming_the_problem(policy: Policy, name: str, breaks,
                                                           message: str) -> None:
    doc = copy.deepcopy(dict(policy["onboarding"]))
    check("onboarding", copy.deepcopy(doc))
    breaks(doc)
    with pytest.raises(PolicyError, match=re.escape(message)):
        check("onboarding", doc)


def test_company_profile_chat_tool_is_one_the_team_can_use(policy: Policy) -> None:
    doc = copy.deepcopy(dict(policy["company"]))
    check("company", copy.deepcopy(doc))
    doc["chat_tool"] = {"zh": "Slack", "en": "Slack"}
    with pytest.raises(PolicyError, match="企业微信"):
        check("company", doc)


# ------------------------------------------------- forms and procedures (issue) ---

def test_the_forms_the_procedures_need_exist(policy: Policy) -> None:
    """002 requires a signed 目标确认表; 004 approved quotations, claims with receipts;
    002 a contingency plan for major risks. Each is a template with downloads."""
    ids = {t["id"] for t in policy["templates"]["templates"]}
    assert {"target_confirmation", "quotation_approval", "expense_claim",
            "contingency_plan"} <= ids
    procs = policy["procedures"]["procedures"]
    assert "target_confirmation" in procs["set_quarterly_targets"]["forms"]
    assert procs["quotation_approval"]["form"]["template"] == "quotation_approval"
    assert procs["submit_expense"]["form"]["template"] == "expense_claim"
    assert "contingency_plan" in procs["raise_deviation_warning"]["forms"]


def test_quarterly_and_project_retrospectives_have_procedures(policy: Policy) -> None:
    procs = policy["procedures"]["procedures"]
    assert {"quarterly_retrospective", "project_retrospective"} <= set(procs)
    paths = [d.get("path") for d in procs["project_retrospective"]["deadlines"]]
    assert "retrospectives.deadlines.project_within_days" in paths   # 000: within 3 days


def test_every_procedure_has_a_time_limit(policy: Policy) -> None:
    """Each procedure names at least one deadline or turnaround time, and the ones the
    sources do not set are marked as company rules."""
    for key, proc in policy["procedures"]["procedures"].items():
        timed = [d for d in proc["deadlines"]
                 if any(w in (d.get("path", "") + str(d.get("text", "")))
                        for w in ("_hours", "_days", "_workdays", "day_of_next_month",
                                  "_time", "weekly_meeting", "when", "alignment",
                                  "delivery", "交付时间"))]
        assert timed, key
        for d in proc["deadlines"]:
            if "procedures.limits." in str(d.get("text", "")):
                assert d.get("choice") == "procedure-limits", (key, d["what"])


def test_a_name_inside_an_english_sentence_can_be_lower_cased() -> None:
    from handbook.schemas.procedures import fill
    assert fill("report it to the {lower:deviation.escalate_to} within {a.b_hours}",
                {"deviation.escalate_to": "Marketing director", "a.b_hours": "24 hours"}
                .__getitem__) == "report it to the marketing director within 24 hours"
    assert placeholders("the {lower:deviation.escalate_to}") == ["deviation.escalate_to"]
