"""Every fact of the source documents is on a page, in both languages.

The table below lists the facts of the policy-facts list (sections 1–13), the page that
carries each, and what the BUILT page must show: either a policy key path (the page
gets the value from data; the test reads the same value from the data and spells it by
its own plain rules below, never with the macros' formatting, so no policy number is
typed here and the macros are checked, not trusted) or a phrase per language where the
fact is words. The comparison is on the page's article text (tags stripped, whitespace
removed, thousands separators ignored).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from support import plain_number, spell, squash

from calculators.policy import Policy
from handbook.policy import load as load_policy

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("zh", "en")


@dataclass(frozen=True)
class Fact:
    section: int
    fact: str
    page: str                      # source path, e.g. "goals.md"
    key: str | None = None         # policy key path, formatted as policy() does
    zh: str | None = None          # or a phrase per language
    en: str | None = None


def K(section: int, fact: str, page: str, key: str) -> Fact:
    return Fact(section, fact, page, key=key)


def T(section: int, fact: str, page: str, zh: str, en: str) -> Fact:
    return Fact(section, fact, page, zh=zh, en=en)


FACTS = [
    # 1. Goals of the system
    K(1, "aim-effectiveness", "index.md", "goals.aims[0]"),
    K(1, "aim-targets", "index.md", "goals.aims[1]"),
    K(1, "aim-growth", "index.md", "goals.aims[2]"),
    *[K(1, f"quality-{i}", "index.md", f"goals.qualities[{i}]") for i in range(4)],
    K(1, "culture", "index.md", "goals.culture"),
    K(1, "audiences", "index.md", "goals.audiences"),
    K(1, "reviewed-as-market-changes", "index.md", "goals.review_note"),
    *[K(1, f"one-year-target-{t}", "index.md", f"goals.targets.{t}.metric")
      for t in ("per_capita_contribution", "core_project_success", "team_retention",
                "core_post_match", "training_coverage", "training_hours",
                "assessment_pass", "target_achievement", "per_capita_sales",
                "core_cac", "core_conversion", "core_repurchase", "marketing_roi",
                "execution_cycle",
                "cross_department_response", "collaboration_efficiency",
                "employee_satisfaction", "core_staff_retention", "voluntary_turnover")],
    # "优化 20 %": each core indicator in its own direction (acquisition cost goes down)
    T(1, "core-cac-down", "index.md", "获客成本降低20%", "customer acquisition cost−20%"),
    T(1, "core-conversion-up", "index.md", "转化率提升20%", "conversion rate+20%"),
    T(1, "core-repurchase-up", "index.md", "复购率提升20%", "repurchase rate+20%"),
    # 2. Structure and roles
    K(2, "layer-management", "team.md", "roles.layers[0].name"),
    K(2, "layer-execution", "team.md", "roles.layers[1].name"),
    K(2, "layer-support", "team.md", "roles.layers[2].name"),
    K(2, "layer-execution-roles", "team.md", "roles.layers[1].roles"),
    K(2, "layer-support-roles", "team.md", "roles.layers[2].roles"),
    T(2, "squads", "team.md", "专项小组", "project squad"),
    K(2, "squads-used-for", "team.md", "roles.squads.used_for"),
    K(2, "squads-members", "team.md", "roles.squads.members"),
    K(2, "squads-afterwards", "team.md", "roles.squads.afterwards"),
    *[K(2, f"duty-{i}", "team.md", f"roles.duties[{i}].name") for i in range(4)],
    K(2, "scope", "team.md", "roles.scope"),
    K(2, "hiring-standards", "team.md", "roles.hiring.standards"),
    K(2, "hiring-assessment", "team.md", "roles.hiring.assessment"),
    K(2, "hiring-background-check", "team.md", "roles.hiring.background_check"),
    K(2, "hiring-criteria", "team.md", "roles.hiring.criteria"),
    T(2, "mentor", "team.md", "骨干员工担任导师", "mentored by an experienced colleague"),
    K(2, "mentor-months", "team.md", "roles.pipeline.mentor_months"),
    K(2, "management-training", "team.md", "roles.pipeline.management_training"),
    T(2, "internal-first", "team.md", "优先从内部", "filled from inside the team first"),
    # 3. Goals and target decomposition
    T(3, "okr-kpi", "goals.md", "OKR 与 KPI", "OKR"),
    K(3, "okr-use", "goals.md", "goals.method.okr"),
    K(3, "kpi-use", "goals.md", "goals.method.kpi"),
    *[K(3, f"smart-{i}", "goals.md", f"goals.method.smart[{i}]") for i in range(5)],
    K(3, "monthly-alignment", "goals.md", "goals.method.alignment"),
    K(3, "okr-example", "goals.md", "goals.okr_example.objective"),
    K(3, "two-way-agreement", "goals.md", "goals.method.agreement"),
    T(3, "cascade", "goals.md", "年度 → 季度 → 月度 → 周 → 个人", "Year → quarter"),
    K(3, "ownership-by-function", "goals.md", "goals.ownership[0].team"),
    K(3, "q3-example-revenue", "goals.md", "goals.quarter_example.revenue_wan_yuan"),
    Fact(3, "q3-example-per-month", "goals.md", key="=month"),
    Fact(3, "q3-example-per-week", "goals.md", key="=week"),
    K(3, "q3-new-customers", "goals.md", "goals.quarter_example.new_customers_growth_pct"),
    K(3, "buffer-min", "goals.md", "decomposition.buffer.min_pct"),
    K(3, "buffer-max", "goals.md", "decomposition.buffer.max_pct"),
    K(3, "basis", "goals.md", "goals.method.basis"),
    K(3, "briefing", "goals.md", "goals.method.briefing"),
    K(3, "confirmation-form", "goals.md", "goals.method.confirmation_form"),
    K(3, "phase-focus-q1", "goals.md", "goals.phase_focus[0].focus"),
    K(3, "phase-focus-q2", "goals.md", "goals.phase_focus[1].focus"),
    K(3, "table-1", "goals.md", "templates.templates[0].title"),
    # 4. Tasks and execution
    T(4, "priorities", "execution.md", "P0", "P0"),
    T(4, "priority-p3", "execution.md", "P3", "P3"),
    K(4, "routine-vs-special", "execution.md", "tasks.kinds[1].example"),
    K(4, "assignment", "execution.md", "tasks.assignment"),
    K(4, "resources", "execution.md", "tasks.resources"),
    Fact(4, "standup", "execution.md", key="#tasks.tracking.standup_minutes"),
    K(4, "status-by-17", "execution.md", "tasks.tracking.status_update_time"),
    K(4, "statuses-blocked", "execution.md", "tasks.statuses[3].name"),
    Fact(4, "p0-limit", "execution.md", key="#tasks.load.max_p0_per_person"),
    K(4, "first-owner", "execution.md", "tasks.load.first_owner"),
    K(4, "tracking-daily", "execution.md", "tasks.tracking.daily_tasks"),
    K(4, "tracking-weekly", "execution.md", "tasks.tracking.weekly_tasks_times_per_week"),
    K(4, "table-2", "execution.md", "templates.templates[1].title"),
    # 5. Process control and deviation
    K(5, "checkpoints", "process-control.md", "monitoring.launch.phases[0].name"),
    K(5, "checkpoint-measure", "process-control.md",
      "monitoring.launch.phases[0].checkpoint.value"),
    K(5, "data-sources", "process-control.md", "monitoring.data_sources"),
    K(5, "comparison-cause", "process-control.md", "monitoring.comparison_example.cause"),
    K(5, "warning-10", "process-control.md", "deviation.warning_pct"),
    K(5, "analysis-meeting", "process-control.md", "deviation.actions.warning[0].action"),
    K(5, "countermeasures-24h", "process-control.md",
      "deviation.actions.warning[1].within_hours"),
    K(5, "escalation", "process-control.md", "deviation.escalate_to"),
    K(5, "contingency-plan", "process-control.md", "deviation.actions.escalate[1].action"),
    Fact(5, "max-5-core-metrics", "process-control.md", key="#monitoring.max_core_metrics"),
    K(5, "no-micromanagement", "process-control.md", "monitoring.focus"),
    K(5, "table-3", "process-control.md", "templates.templates[2].title"),
    K(5, "annual-plan", "process-control.md", "approvals.chains[0].name"),
    K(5, "monthly-plan", "process-control.md", "approvals.chains[1].name"),
    K(5, "plan-change", "process-control.md", "approvals.chains[2].name"),
    # 6. Retrospectives
    K(6, "monthly", "retrospectives.md", "retrospectives.cadence.monthly"),
    K(6, "quarterly", "retrospectives.md", "retrospectives.cadence.quarterly"),
    K(6, "project", "retrospectives.md", "retrospectives.cadence.project"),
    K(6, "project-within-3-days", "retrospectives.md",
      "retrospectives.deadlines.project_within_days"),
    K(6, "project-report", "retrospectives.md", "retrospectives.deadlines.project_report"),
    K(6, "monthly-by-3rd", "retrospectives.md",
      "retrospectives.deadlines.monthly_due_day_of_next_month"),
    K(6, "participants", "retrospectives.md", "retrospectives.participants"),
    K(6, "agenda", "retrospectives.md", "retrospectives.agenda[0]"),
    K(6, "ground-rule", "retrospectives.md", "retrospectives.ground_rule"),
    K(6, "improvement-example", "retrospectives.md",
      "retrospectives.improvements.example.load_seconds"),
    K(6, "lessons-to-sop", "retrospectives.md", "retrospectives.improvements.lessons_to"),
    K(6, "table-4", "retrospectives.md", "templates.templates[3].title"),
    # 7. Collaboration and communication
    K(7, "chat-tools", "collaboration.md", "communication.chat_tools"),
    K(7, "weekly-meeting-day", "collaboration.md", "communication.weekly_meeting.weekday"),
    K(7, "weekly-meeting-time", "collaboration.md", "communication.weekly_meeting.time"),
    K(7, "monthly-review", "collaboration.md", "communication.monthly.review"),
    K(7, "monthly-cross-department", "collaboration.md",
      "communication.monthly.cross_department"),
    K(7, "urgent-2h", "collaboration.md", "communication.urgent.response_hours"),
    K(7, "urgent-24h", "collaboration.md", "communication.urgent.solution_hours"),
    K(7, "cross-department-24h", "collaboration.md",
      "communication.cross_department.response_hours"),
    K(7, "daily-report-17", "collaboration.md", "communication.daily_report.due_time"),
    K(7, "daily-report-sections", "collaboration.md", "communication.daily_report.sections"),
    K(7, "agenda", "collaboration.md", "communication.meetings.agenda"),
    K(7, "minutes-24h", "collaboration.md", "communication.meetings.minutes_hours"),
    T(7, "naming-pattern", "collaboration.md",
      "项目名_文档类型_日期", "Project_Document type_Date"),
    K(7, "naming-example", "collaboration.md", "naming.example.doctype"),
    K(7, "escalate", "collaboration.md", "communication.cross_department.escalate_to"),
    K(7, "request-form", "collaboration.md", "communication.cross_department.request_form"),
    K(7, "both-confirm", "collaboration.md", "communication.cross_department.closing"),
    K(7, "table-5", "templates/collaboration-request.md", "templates.templates[4].title"),
    K(7, "resource-priority", "collaboration.md", "communication.resource_priority[0]"),
    K(7, "conflict-steps", "collaboration.md", "communication.conflict_steps[0]"),
    K(7, "sharing-platform", "collaboration.md", "communication.sharing.platform"),
    K(7, "sharing-open-data", "collaboration.md", "communication.sharing.open_data"),
    # 8. Performance management
    *[K(8, f"principle-{i}", "performance.md", f"performance.principles[{i}]")
      for i in range(6)],
    *[K(8, f"cycle-{i}", "performance.md", f"performance.cycle[{i}].activity")
      for i in range(3)],
    K(8, "results-drive", "performance.md", "performance.results_drive"),
    *[K(8, f"dimension-{i}", "performance.md", f"performance.dimensions[{i}].name")
      for i in range(6)],
    K(8, "raters-360", "performance.md", "performance.raters_360"),
    K(8, "data-sources", "performance.md", "performance.data_sources"),
    K(8, "improvement", "performance.md", "performance.underperformance[0]"),
    # 9. Incentives
    K(9, "bonus-100-completion", "incentives.md", "bonus.ladder[2].completion_pct"),
    K(9, "bonus-100-payout", "incentives.md", "bonus.ladder[2].payout_pct"),
    K(9, "bonus-120-completion", "incentives.md", "bonus.ladder[3].completion_pct"),
    K(9, "bonus-120-payout", "incentives.md", "bonus.ladder[3].payout_pct"),
    K(9, "special-bonus", "incentives.md", "incentives.special_bonus.name"),
    K(9, "special-bonus-once", "incentives.md", "incentives.special_bonus.paid"),
    K(9, "marketing-star", "incentives.md", "incentives.star.name"),
    K(9, "marketing-star-top-10", "incentives.md", "star.top_pct"),
    K(9, "marketing-star-monthly", "incentives.md", "star.cadence"),
    *[K(9, f"non-material-{i}", "incentives.md", f"incentives.non_material[{i}]")
      for i in range(4)],
    *[K(9, f"reward-type-{i}", "incentives.md", f"incentives.reward_types[{i}]")
      for i in range(4)],
    # 10. Training and development
    K(10, "coverage-100", "training.md", "training.coverage_pct"),
    K(10, "hours-40", "training.md", "training.hours_per_person"),
    K(10, "pass-90", "training.md", "training.assessment_pass_pct"),
    K(10, "plan", "training.md", "training.plan_contents"),
    K(10, "formats", "training.md", "training.formats"),
    K(10, "effectiveness", "training.md", "training.effectiveness"),
    K(10, "career-paths", "training.md", "training.career_paths"),
    # 11. Customers, sales and promotion
    *[K(11, f"customer-class-{i}", "customers-sales.md", f"customers.classes[{i}].name")
      for i in range(3)],
    K(11, "collected-by", "customers-sales.md", "customers.collected_by"),
    K(11, "visits", "customers-sales.md", "customers.visits"),
    K(11, "complaints", "customers-sales.md", "customers.complaint_steps[0]"),
    K(11, "opportunities", "customers-sales.md", "customers.opportunities"),
    K(11, "quotation", "customers-sales.md", "approvals.chains[3].name"),
    K(11, "quotation-by-marketing-manager", "customers-sales.md",
      "approvals.chains[3].steps[0]"),
    K(11, "contract", "customers-sales.md", "approvals.chains[4].name"),
    K(11, "contract-legal", "customers-sales.md", "approvals.chains[4].steps[1]"),
    K(11, "results-reported", "customers-sales.md", "customers.results_reported"),
    K(11, "promotion-plan", "customers-sales.md", "approvals.chains[5].name"),
    K(11, "campaign-review", "customers-sales.md", "customers.campaign_review"),
    K(11, "market-research", "customers-sales.md", "customers.market_research"),
    # 12. Expenses
    K(12, "budget", "expenses.md", "approvals.chains[6].name"),
    K(12, "categories", "expenses.md", "approvals.expense_categories"),
    K(12, "receipts", "expenses.md", "approvals.chains[7].when"),
    T(12, "overrun", "expenses.md", "超出预算", "budget overrun"),
    # 13. Digital tools
    *[K(13, f"digital-tool-{i}", "collaboration.md", f"communication.digital_tools[{i}]")
      for i in range(3)],
]


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(ROOT / "data")


def built(page: str, lang: str) -> str:
    """`goals.md` -> `goals/index.html`, `en/goals/index.html`."""
    stem = page.removesuffix(".md")
    stem = stem.removesuffix("index").rstrip("/")
    path = "/".join(p for p in (("en" if lang == "en" else ""), stem) if p)
    return f"{path}/index.html".lstrip("/")


def article_text(root: Path, page: str, lang: str) -> str:
    source = (root / built(page, lang)).read_text(encoding="utf-8")
    found = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>',
                      source, re.S)
    assert found, f"{built(page, lang)}: no article"
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", found.group(1), flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def expected(fact: Fact, lang: str, policy: Policy) -> list[str]:
    if fact.key is None:
        return [fact.zh if lang == "zh" else fact.en]  # type: ignore[list-item]
    if fact.key.startswith("#"):                    # a bare number
        return [plain_number(policy.value(fact.key[1:]))]
    if fact.key.startswith("="):                    # the Q3 example, split by month/week
        total = Decimal(policy.value("goals.quarter_example.revenue_wan_yuan")) / 3
        if fact.key == "=week":
            total /= policy.value("decomposition.weeks_per_month")
        return [plain_number(total.quantize(Decimal(1), ROUND_HALF_UP))]
    return spell(fact.key, policy.value(fact.key), lang, policy)


def fact_id(fact: Fact, lang: str) -> str:
    return f"s{fact.section}-{fact.fact}-{fact.page.removesuffix('.md')}-{lang}"


def test_every_section_is_covered() -> None:
    assert {f.section for f in FACTS} == set(range(1, 14))


def test_fact_ids_are_unique() -> None:
    ids = [fact_id(f, "zh") for f in FACTS]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(("fact", "lang"), [(f, lang) for f in FACTS for lang in LANGS],
                         ids=[fact_id(f, lang) for f in FACTS for lang in LANGS])
def test_fact_is_on_its_page(site, policy: Policy, fact: Fact, lang: str) -> None:  # type: ignore[no-untyped-def]
    text = squash(article_text(site.root, fact.page, lang))
    wants = expected(fact, lang, policy)
    assert wants and all(squash(want) for want in wants), fact
    missing = [want for want in wants if squash(want) not in text]
    assert not missing, \
        f"{built(fact.page, lang)} does not show {missing!r} (section {fact.section})"


def article_html(root: Path, page: str, lang: str) -> str:
    source = (root / built(page, lang)).read_text(encoding="utf-8")
    found = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>',
                      source, re.S)
    assert found, f"{built(page, lang)}: no article"
    return found.group(1)


OVERRUN = {"zh": "超出预算且超过", "en": "over budget by more than"}
OVERRUN_PAGES = ("expenses.md", "process-control.md", "procedures/raise-deviation-warning.md",
                 "procedures/submit-expense.md")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", OVERRUN_PAGES)
def test_budget_overrun_is_one_rule_everywhere(site, page: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    """One rule, said the same way: an overrun beyond the warning line is a major risk."""
    text = article_text(site.root, page, lang)
    assert squash(OVERRUN[lang]) in squash(text), built(page, lang)
    for contradiction in ("一律按重大风险", "或出现预算超支", "alwaysamajorrisk",
                          "suchasabudgetoverrun"):
        assert contradiction not in squash(text), (built(page, lang), contradiction)


def company_rule_pages(policy: Policy) -> list[tuple[str, str]]:
    """(choice id, page) for every page a company choice applies to, except the pages
    another part of the team edits (calculators, incentives)."""
    return [(c["id"], p) for c in policy["choices"]["choices"] for p in c["pages"]
            if not p.startswith(("calculators/", "incentives"))]


@pytest.mark.parametrize("lang", LANGS)
def test_company_rules_are_marked_where_they_apply(site, policy: Policy, lang: str) -> None:  # type: ignore[no-untyped-def]
    missing = []
    for key, page in company_rule_pages(policy):
        body = article_html(site.root, page, lang)
        if not re.search(rf'class="hb-company-rule"[^>]*href="[^"]*company-choices/#{key}"'
                         rf'|href="[^"]*company-choices/#{key}"[^>]*class="hb-company-rule"',
                         body):
            missing.append(f"{built(page, lang)}: {key}")
    assert missing == []


@pytest.mark.parametrize("lang", LANGS)
def test_company_choices_page_lists_every_choice(site, policy: Policy, lang: str) -> None:  # type: ignore[no-untyped-def]
    body = article_html(site.root, "company-choices.md", lang)
    for c in policy["choices"]["choices"]:
        assert f'id="{c["id"]}"' in body, c["id"]
        assert squash(c["name"][lang]) in squash(html.unescape(re.sub(r"<[^>]+>", "", body)))


@pytest.mark.parametrize("lang", LANGS)
def test_appraisal_cycle_is_stated_per_role(site, policy: Policy, lang: str) -> None:  # type: ignore[no-untyped-def]
    text = squash(article_text(site.root, "performance.md", lang))
    assert squash("按岗位可以是月度或季度") not in text
    assert squash("Depending on the role, the appraisal itself is monthly or quarterly") \
        not in text
    for row in policy["performance"]["cadence"]:
        assert squash(row["roles"][lang]) in text
