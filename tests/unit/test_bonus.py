"""bonus: the ladder in its three modes, KPIs, proration, the special bonus, the errors."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import (
    amounts,
    anything,
    bonus_rules,
    decimals,
    nan_like,
    percents,
    typed,
)

from calculators import bonus
from calculators.errors import CalculatorError
from calculators.i18n import LANGUAGES
from calculators.numbers import fixed2
from calculators.policy import Policy
from calculators.registry import CALCULATORS


def policy_with(base: Policy, **rules: Any) -> Policy:
    """A policy with some bonus rules replaced (no files written)."""
    areas = {name: copy.deepcopy(base[name]) for name in base}
    areas["bonus"].update(rules)
    return Policy(areas, base.data_dir)


# The fixture ladder (tests/fixtures/policy/bonus.toml): threshold 60 %, cap 150 %,
# 60 % -> 40 %, 100 % -> 100 %, 130 % -> 150 %. Every tier boundary, just below and at.
@pytest.mark.parametrize(("completion", "tier", "payout_pct"), [
    ("0", None, "0.00"), ("59.99%", None, "0.00"), ("60%", 1, "40.00"), ("99.99%", 1, "40.00"),
    ("100%", 2, "100.00"), ("129.99%", 2, "100.00"), ("130%", 3, "150.00"),
    ("1000%", 3, "150.00"), ("99.995%", 2, "100.00"),  # completion is rounded to 0.01 % first
])
def test_step_tiers(policy: Policy, completion: str, tier: int | None, payout_pct: str) -> None:
    result = bonus.compute(completion, "10000", policy).as_json()
    assert tier == result["tier"]
    assert payout_pct == result["payout_pct"]
    assert f"{Decimal(payout_pct) * 100:.2f}" == result["payout"]


@pytest.mark.parametrize(("completion", "payout_pct"), [
    # 60-100: 40 % -> 100 %; 100-130: 100 % -> 150 %; flat above
    ("59.99", "0.00"), ("60", "40.00"), ("80", "70.00"), ("90", "85.00"), ("100", "100.00"),
    ("110", "116.67"), ("115", "125.00"), ("130", "150.00"), ("200", "150.00"),
])
def test_linear_mode(policy: Policy, completion: str, payout_pct: str) -> None:
    linear = policy_with(policy, mode="linear")
    assert payout_pct == bonus.compute(completion, "10000", linear).as_json()["payout_pct"]


@pytest.mark.parametrize(("completion", "payout_pct"), [
    # 0-100 at 40 %, 100-130 at 100 %, above 130 at 150 %; capped at 150 %
    ("59.99", "0.00"), ("60", "24.00"), ("80", "32.00"), ("100", "40.00"), ("120", "60.00"),
    ("130", "70.00"), ("150", "100.00"), ("180", "145.00"), ("200", "150.00"),
])
def test_marginal_mode(policy: Policy, completion: str, payout_pct: str) -> None:
    marginal = policy_with(policy, mode="marginal")
    assert payout_pct == bonus.compute(completion, "10000", marginal).as_json()["payout_pct"]


def test_threshold_and_cap_come_from_data(policy: Policy) -> None:
    changed = policy_with(policy, threshold_pct=Decimal(80), cap_pct=Decimal(120))
    assert "0.00" == bonus.compute("79.99", "100", changed).as_json()["payout_pct"]
    assert "40.00" == bonus.compute("80", "100", changed).as_json()["payout_pct"]
    assert "120.00" == bonus.compute("130", "100", changed).as_json()["payout_pct"]


@pytest.mark.parametrize(("target", "completion", "payout"), [
    ("333.33", "130%", "500.00"),     # 499.995 rounds half-up
    ("0", "130%", "0.00"),
    ("1.5万", "100%", "15000.00"),
    ("1,000", "60%", "400.00"),
    ("1000000000000000", "130%", "1500000000000000.00"),  # the largest amount accepted
    ("0.01", "130%", "0.02"),         # 0.015 rounds up
    ("0.01", "60%", "0.00"),          # 0.004 rounds down
])
def test_amounts_round_half_up_once(policy: Policy, target: str, completion: str,
                                    payout: str) -> None:
    assert payout == bonus.compute(completion, target, policy).as_json()["payout"]


def test_weighted_kpis_with_a_lower_is_better_kpi(policy: Policy) -> None:
    kpis = "营收:5000万:5500万:60%:higher; 获客成本:200:250:40%:lower"
    result = bonus.compute(None, "15000", policy, kpis=kpis)
    data = result.as_json()
    assert ["110.00", "80.00"] == [k["completion_pct"] for k in data["kpis"]]
    assert "98.00" == data["completion_pct"]  # 110 × 60 % + 80 × 40 %
    assert "40.00" == data["payout_pct"]      # tier 1 (60 %)
    assert "6000.00" == data["payout"]


def test_one_kpi_cannot_carry_the_rest(policy: Policy) -> None:
    kpis = [{"name": "A", "target": "100", "actual": "300", "weight": "50%"},
            {"name": "B", "target": "100", "actual": "80", "weight": "50%"}]
    data = bonus.compute(None, "10000", policy, kpis=kpis).as_json()
    assert "300.00" == data["kpis"][0]["completion_pct"]
    assert "120.00" == data["kpis"][0]["counted_pct"]  # kpi_cap_pct = 120
    assert "100.00" == data["completion_pct"]  # (120 + 80) / 2, not 190
    assert "100.00" == data["payout_pct"]


@pytest.mark.parametrize(("kpis", "message"), [
    ("A:100:90:60%; B:100:90:30%", "100 %"),
    ("A:100:90", "name:target:actual:weight"),
    ("A:0:90:100%", "above zero"),
    ("A:100:0:100%:lower", "above zero"),
    ("A:100:90:100%:sideways", "not one of"),
    ("A:100:-1:100%", "negative"),
])
def test_bad_kpis(policy: Policy, kpis: str, message: str) -> None:
    with pytest.raises(CalculatorError) as info:
        bonus.compute(None, "10000", policy, kpis=kpis)
    assert "kpis" == info.value.field
    assert message in info.value.en


# Completion 95 % is tier 1 (40 %): 6,000.00 of 15,000. The fixture counts a month
# without dates as 28 days and a quarter as 91.
@pytest.mark.parametrize(("kw", "prorated", "pct"), [
    ({"period": "2026-Q3", "start_date": "2026-08-15"}, "3065.22", "51.09"),  # 47 of 92 days
    ({"period": "2026-07", "start_date": "2026-07-16"}, "3096.77", "51.61"),  # 16 of 31 days
    ({"period": "2026-08", "start_date": "2026-07-16"}, "6000.00", "100.00"),
    ({"days_in_role": "14"}, "3000.00", "50.00"),                          # 14 of 28 (data)
    ({"period": "quarter", "days_in_role": "13"}, "857.14", "14.29"),      # 13 of 91 (data)
    ({"period": "2026-02", "days_in_role": "7"}, "1500.00", "25.00"),      # 7 of 28 (February)
    ({"period": "2026-03", "days_in_role": "31"}, "6000.00", "100.00"),    # 31 of 31 (March)
    ({"days_in_role": "45"}, "6000.00", "100.00"),                         # capped at the period
])
def test_proration(policy: Policy, kw: dict[str, str], prorated: str, pct: str) -> None:
    data = bonus.compute("95%", "15000", policy, **kw).as_json()
    assert "6000.00" == data["payout"]
    assert prorated == data["prorated"]
    assert pct == data["proration_pct"]
    assert prorated == data["total"]


def test_a_start_date_without_a_period_asks_for_the_period(policy: Policy) -> None:
    """Policy `without_period = "ask"`: nobody is silently prorated by a month."""
    with pytest.raises(CalculatorError) as info:
        bonus.compute("95%", "15000", policy, start_date="2026-07-16")
    assert info.value.field == "period"
    assert "2026-Q3" in info.value.zh


def test_a_start_date_after_the_period_is_an_error_at_the_field(policy: Policy) -> None:
    with pytest.raises(CalculatorError) as info:
        bonus.compute("95%", "15000", policy, period="2026-07", start_date="2026-08-01")
    assert info.value.field == "start_date"
    assert "2026-07-31" in info.value.en and "晚于" in info.value.zh


def test_a_start_before_the_period_is_the_whole_period_and_the_days_are_shown(
        policy: Policy) -> None:
    data = bonus.compute("95%", "15000", policy, period="2026-Q3",
                         start_date="2026-05-01").as_json()
    assert data["proration_pct"] == "100.00" and data["days_in_role"] == 92
    assert any("不折算" in s["zh"] for s in data["steps"])
    data = bonus.compute("95%", "15000", policy, period="2026-Q3",
                         start_date="2026-08-15").as_json()
    assert any("47 天" in s["zh"] and "2026-09-30" in s["zh"] for s in data["steps"])
    assert set(data["period_label"]) == set(LANGUAGES)  # (zh-Hant's wording: calendar's)
    assert (data["period_label"]["zh"], data["period_label"]["en"]) == ("2026年第3季度", "2026 Q3")


def test_special_bonus_is_added_in_full(policy: Policy) -> None:
    data = bonus.compute("130%", "10000", policy, period="2026-07", start_date="2026-07-16",
                         special_bonus="5,000").as_json()
    assert "7741.94" == data["prorated"]  # 15000 × 16 / 31
    assert "5000.00" == data["special_bonus"]
    assert "12741.94" == data["total"]


def test_steps_explain_in_both_languages(policy: Policy) -> None:
    result = bonus.compute("130%", "10000", policy, special_bonus="1000")
    steps = [s.texts() for s in result.steps]
    assert all(all(s.values()) for s in steps)
    assert any("15,000.00 元" in s["zh"] and "¥15,000.00" in s["en"] for s in steps)
    assert any("16,000.00 元" in s["zh"] for s in steps)
    assert {"id", *LANGUAGES} == set(result.as_json()["steps"][0])


@pytest.mark.parametrize(("kw", "field"), [
    ({"completion": "abc", "target_bonus": "8000"}, "completion"),
    ({"completion": "-5%", "target_bonus": "8000"}, "completion"),
    ({"completion": "nan", "target_bonus": "8000"}, "completion"),
    ({"completion": "", "target_bonus": "8000"}, "completion"),
    ({"completion": "100%", "target_bonus": "-1"}, "target_bonus"),
    ({"completion": "100%", "target_bonus": "1e5"}, "target_bonus"),
    ({"completion": "100%", "target_bonus": None}, "target_bonus"),
    ({"completion": "100%", "target_bonus": "1" + "0" * 16}, "target_bonus"),
    ({"completion": "100%", "target_bonus": "1", "period": "weekly"}, "period"),
    ({"completion": "100%", "target_bonus": "1", "period": "2026"}, "period"),
    ({"completion": "100%", "target_bonus": "1", "start_date": "2026-02-30"}, "start_date"),
    ({"completion": "100%", "target_bonus": "1", "days_in_role": "1.5"}, "days_in_role"),
    ({"completion": "100%", "target_bonus": "1", "days_in_role": "3",
      "start_date": "2026-07-01"}, "days_in_role"),
    ({"completion": "100%", "target_bonus": "1", "special_bonus": "-1"}, "special_bonus"),
    ({"completion": "100%", "target_bonus": "1", "kpis": "A:1:1:100%"}, "completion"),
])
def test_errors_name_the_field(policy: Policy, kw: dict[str, Any], field: str) -> None:
    args = {k: v for k, v in kw.items() if k not in ("completion", "target_bonus")}
    with pytest.raises(CalculatorError) as info:
        bonus.compute(kw.get("completion"), kw.get("target_bonus"), policy, **args)
    assert field == info.value.field
    assert info.value.en and info.value.zh


@pytest.mark.parametrize("mode", ["step", "linear", "marginal"])
@given(a=decimals("0", "400"), b=decimals("0", "400"))
def test_payout_never_decreases_as_completion_rises(policy: Policy, mode: str, a: Decimal,
                                                    b: Decimal) -> None:
    rules = policy_with(policy, mode=mode)
    lo, hi = sorted((a, b))
    low = bonus.compute(f"{lo}%", "10000", rules)
    high = bonus.compute(f"{hi}%", "10000", rules)
    assert low.payout <= high.payout
    assert high.payout_pct <= Decimal(150)  # the fixture's cap_pct


@given(completion=percents, target=decimals("0", "1000000"))
def test_payout_is_target_times_rate(policy: Policy, completion: str, target: Decimal) -> None:
    result = bonus.compute(completion, str(target), policy)
    assert (target * result.payout_pct / 100).quantize(Decimal("0.01"), "ROUND_HALF_UP") == \
        result.payout


@given(completion=anything, target=anything, kpis=st.one_of(st.none(), anything),
       period=anything, start=anything, days=anything, special=anything)
def test_only_documented_errors(policy: Policy, completion: object, target: object, kpis: object,
                                period: object, start: object, days: object,
                                special: object) -> None:
    try:
        result = bonus.compute(completion, target, policy, kpis=kpis, period=period,
                               start_date=start, days_in_role=days, special_bonus=special)
    except CalculatorError as exc:
        assert exc.field in CALCULATORS["bonus"].inputs
    else:
        assert result.total >= 0


@given(percents, decimals("0", "10000000"), st.sampled_from(["", "0", "500", "0.004", "1200.5"]),
       st.sampled_from(["", "0", "15", "30"]))
def test_batch_cells_write_every_figure_as_fixed2_does(completion: str, target: Decimal,
                                                       special: str, days: str) -> None:
    """batch_cells reuses the text of equal figures: the same cells as writing each one."""
    r = bonus.compute(completion, str(target), special_bonus=special, days_in_role=days,
                      explain=False)
    plain = {"completion_pct": fixed2(r.completion_pct),
             "tier": "" if r.tier is None else str(r.tier + 1),
             "payout_pct": fixed2(r.payout_pct), "payout": fixed2(r.payout),
             "proration_pct": fixed2(r.proration_pct),
             "prorated": fixed2(r.payout if r.prorated is None else r.prorated),
             "special_bonus": fixed2(r.special_bonus), "total": fixed2(r.total)}
    assert plain == bonus.batch_cells(r)


# ------------------------------------------------------------ batch_row ---
# batch_row takes the common row (a typed completion and target bonus, nothing else)
# straight to its cells, with caches by typed text per policy: it must give, cell for
# cell and error for error, what the plain path gives (the result built, explained).

def plain_path(row: dict[str, Any], policy: Policy) -> dict[str, str]:
    """The cells of batch_cells(compute_row(row, policy, True)), or the error's every
    wording (field, each language, catalog id)."""
    try:
        return bonus.batch_cells(bonus.compute_row(row, policy, True))
    except CalculatorError as exc:
        return {"error": "yes", **exc.as_dict()}


def quick_path(row: dict[str, Any], policy: Policy, lang: str = "zh") -> dict[str, str]:
    try:
        return bonus.batch_row(row, policy, lang)
    except CalculatorError as exc:
        return {"error": "yes", **exc.as_dict()}


def assert_same(row: dict[str, Any], policy: Policy, lang: str = "zh") -> dict[str, str]:
    """batch_row gives the plain path's cells or error, the first time (cache filled) and
    the second (read from the cache)."""
    want = plain_path(row, policy)
    assert want == quick_path(row, policy, lang), row
    assert want == quick_path(row, policy, lang), row  # again: the kept cells
    return want


def common(completion: object, target: object = "10000", **more: object) -> dict[str, object]:
    """A row as a batch file gives it: every column present, the unused ones empty."""
    return {"name": "P1", "completion": completion, "target_bonus": target, "kpis": "",
            "period": "", "start_date": "", "special_bonus": "", **more}


EDGE_ROWS = [
    common("0"), common("0%"), common("-0"), common("0.00001"), common("1000000%"),
    common("999999999999999%"), common("１２０％"), common(" 120 % "), common("1.2"),
    common("3"), common("3.01"), common("99.995%"), common("99.994%"), common("59.995"),
    common("120%", "1.5万"), common("120%", "1,5万"), common("120%", "12,000"),
    common("120%", "１２，０００"), common("120%", "20.000"), common("20.000", "10000"),
    common("120%", "20,000"), common("120%", "20k"), common("130%", "333.33"),
    common("130%", "0.01"), common("60%", "0.01"), common("130%", "0"),
    common("130%", "1000000000000000"), common("130%", "1" + "0" * 16),
    common("130%", "-5"), common("130%", "-0"), common("-5%", "10000"), common("-0.01%"),
    common("abc", "10000"), common("abc", "-5"), common("abc", "1e9"), common("-5%", "xyz"),
    common("120%", "1e9"), common("", "10000"), common("  ", "10000"), common("120%", ""),
    common("120%", "   "), common(None, "10000"), common("120%", None), common(120, "10000"),
    common("120%", 10000), common(Decimal("1.2"), "10000"), common("nan"), common("inf"),
    common("120%", special_bonus="0"), common("120%", special_bonus="500"),
    common("120%", special_bonus="-1"), common("120%", special_bonus="  "),
    common("120%", special_bonus=0), common("120%", period="2026-07"),
    common("120%", period="weekly"), common("120%", period="  "), common("120%", kpis="  "),
    common("120%", kpis=[]), common("120%", kpis=0), common("120%", start_date="2026-07-16"),
    common("120%", days_in_role="15"), common("120%", days_in_role=""),
    common("120%", kpis="A:100:90:100%"), common("", kpis="A:100:90:100%"),
    common("abc", "-5", kpis="A:100:90:100%"),
    {"completion": "120%", "target_bonus": "10000"},  # the other columns absent
    {"completion": "120%"}, {"target_bonus": "10000"}, {},
    {"completion": "120%", "target_bonus": "10000", "period": None, "kpis": None},
    {"completion": "120%", "target_bonus": "10000", "extra": ["x", "y"]},
]


@pytest.mark.parametrize("mode", ["step", "linear", "marginal"])
@pytest.mark.parametrize("row", EDGE_ROWS, ids=repr)
def test_batch_row_equals_the_plain_path(policy: Policy, mode: str,
                                         row: dict[str, Any]) -> None:
    assert_same(row, policy_with(policy, mode=mode))


@pytest.mark.parametrize("mode", ["step", "linear", "marginal"])
def test_batch_row_at_every_tier_boundary(policy: Policy, mode: str) -> None:
    """Each floor of the ladder and the threshold exactly, a hundredth below and above,
    half a hundredth below (rounded up onto it), typed as percent and as a ratio."""
    rules = policy_with(policy, mode=mode)
    floors = [Decimal(t["completion_pct"]) for t in rules["bonus"]["ladder"]]
    tiers = set()
    for floor in [*floors, Decimal(rules["bonus"]["threshold_pct"])]:
        for pct in (floor - Decimal("0.01"), floor - Decimal("0.005"), floor,
                    floor + Decimal("0.01")):
            for text in (f"{pct}%", f"{pct / 100}", f"{pct}"):
                tiers.add(assert_same(common(text, "12,000"), rules).get("tier"))
    assert len(tiers) == len(floors) + 1  # every tier reached, and none


def test_batch_row_takes_the_common_row_without_compute(policy: Policy,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The quick path is the one tested above: the common row never reaches compute."""
    rows = [common(c, t) for c in ("120%", "0.95", "１２０％", "0") for t in ("9000", "1.5万")]
    want = [plain_path(row, policy) for row in rows]

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("the common row went through compute")

    monkeypatch.setattr(bonus, "compute_row", refused)
    assert want == [bonus.batch_row(row, policy, "zh") for row in rows]


def test_batch_row_keeps_cells_per_policy(policy: Policy) -> None:
    """A changed policy is a new rules table: nothing kept for another one is reused."""
    row = common("115%", "10000")
    for mode in ("step", "linear", "marginal", "step"):
        assert_same(row, policy_with(policy, mode=mode))
    assert_same(row, policy_with(policy, cap_pct=Decimal(90)))
    assert_same(row, policy)


@pytest.mark.parametrize("mode", ["step", "linear"])
def test_batch_row_tells_apart_rates_that_write_the_same(policy: Policy, mode: str) -> None:
    """Rates of three places (data/bonus.toml may have them) whose cells are both "40.00":
    each pays its own payout."""
    ladder = [{**tier, "payout_pct": Decimal(rate)} for tier, rate in
              zip(policy["bonus"]["ladder"], ["40.001", "40.004", "40.004"], strict=True)]
    rules = policy_with(policy, ladder=ladder, mode=mode)
    payouts = {assert_same(common(c, "1000000"), rules)["payout"]
               for c in ("70%", "100%", "115%", "130%")}
    assert len(payouts) > 1


def test_batch_row_starts_afresh_past_its_size(policy: Policy,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bonus, "_QUICK_SIZE", 3)
    rules = policy_with(policy, mode="linear")  # (a rate for every completion)
    for i in range(20):
        assert_same(common(f"{60 + i * 3}%", f"{1000 + i % 7}"), rules)


def test_the_registry_runs_batch_rows_with_batch_row() -> None:
    assert CALCULATORS["bonus"].batch_row is bonus.batch_row


# Rows as batch files give them (a strategy of this file's own): mostly the common row,
# its completion and target bonus typed the ways people type them, and now and then
# anything else (negative, junk and ambiguous cells, values that are not text); the other
# columns absent, empty or blank, and now and then typed.
_RATIOS = typed(decimals("0", "3", 4))
# Negative cells, signed in ASCII, full width or with U+2212 (each read as a minus sign).
_NEGATIVE = st.builds("{}{}{}".format, st.sampled_from(["-", "－", "−"]),
                      typed(decimals("0.01", "500")), st.sampled_from(["", "%", "万"]))
_ODD = st.sampled_from(["1.5万", "20.000", "1.500", "1e9", "-5", "-0", "0", "1" + "0" * 16,
                        "１２０％", "１２，０００", "20k", "", "  ", "　"])
_COMPLETIONS = st.one_of(percents, _RATIOS)
# Small amounts of two places as well: at many rates their payout ends in half a fen
# exactly, where rounding half-up shows.
_TARGETS = st.one_of(amounts, typed(decimals("0", "100")))
_ANY = st.one_of(_NEGATIVE, _ODD, nan_like, anything)
_UNUSED = st.sampled_from(["", "  ", None])
_OTHER = {
    "kpis": st.one_of(_UNUSED, st.sampled_from(["A:100:90:100%", "A:1:1:50%", [], 0])),
    "period": st.one_of(_UNUSED, st.sampled_from(["2026-07", "quarter", "weekly", "2026"])),
    "start_date": st.one_of(_UNUSED, st.sampled_from(["2026-07-16", "2026-02-30"])),
    "days_in_role": st.one_of(_UNUSED, st.sampled_from(["15", "1.5", "0"])),
    "special_bonus": st.one_of(_UNUSED, st.sampled_from(["0", "500", "-1", "1.5万"]), anything),
}


@st.composite
def batch_files(draw: st.DrawFn) -> list[dict[str, object]]:
    """The rows of one file. A file repeats its figures (the kept cells are read back, the
    payouts at one rate shared): its completions and target bonuses are drawn from a few,
    one cell in five typed anew, oddly (negative, junk, ambiguous, not text)."""
    completions = draw(st.lists(_COMPLETIONS, min_size=1, max_size=4))
    targets = draw(st.lists(_TARGETS, min_size=1, max_size=3))
    odd = st.integers(0, 4)
    rows = []
    for _ in range(draw(st.integers(1, 8))):
        row: dict[str, object] = {
            "completion": draw(st.sampled_from(completions) if draw(odd) else _ANY),
            "target_bonus": draw(st.sampled_from(targets) if draw(odd) else _ANY)}
        for key, cells in _OTHER.items():
            if draw(st.integers(0, 9)) == 0:
                row[key] = draw(cells)  # now and then typed (or odd)
            elif draw(st.booleans()):
                row[key] = ""  # the column present, the cell empty; else the column absent
        rows.append(row)
    return rows


@st.composite
def rows_with_boundaries(draw: st.DrawFn, rules: dict[str, Any]) -> dict[str, object]:
    """A common row whose completion is a ladder floor or the threshold, or next to one."""
    floors = [t["completion_pct"] for t in rules["ladder"]] + [rules["threshold_pct"]]
    pct = draw(st.sampled_from(floors)) + draw(st.sampled_from(
        [Decimal(0), Decimal("0.01"), Decimal("-0.01"), Decimal("-0.005")]))
    return common(draw(st.sampled_from([f"{pct}%", f"{pct / 100}"])), draw(amounts))


def _in_thousandths(rules: dict[str, Any]) -> dict[str, Any]:
    """A generated ladder (strategies.bonus_rules: whole percents) whose payout rates have
    three places, as data/bonus.toml may: rates that a rate cell ("40.00") does not tell
    apart, though their payouts differ. Still valid: payouts rise, the cap is above them."""
    ladder = [{**tier, "payout_pct": tier["payout_pct"] + Decimal(i + 1) / 1000}
              for i, tier in enumerate(rules["ladder"])]
    return {**rules, "ladder": ladder, "cap_pct": rules["cap_pct"] + Decimal("0.007")}


@given(data=st.data(),
       rules=st.one_of(st.none(), bonus_rules(), bonus_rules().map(_in_thousandths)),
       lang=st.sampled_from(sorted(LANGUAGES)))
def test_batch_row_equals_the_plain_path_for_any_row(policy: Policy, data: st.DataObject,
                                                     rules: dict[str, Any] | None,
                                                     lang: str) -> None:
    """Any row, under the fixture's ladder or a generated one in any mode (each example's
    a new rules table, so the kept cells of one never serve another)."""
    changed = policy if rules is None else policy_with(policy, **rules)
    for row in data.draw(batch_files()):
        assert_same(row, changed, lang)
    assert_same(data.draw(rows_with_boundaries(changed["bonus"])), changed, lang)
