"""star (营销之星): team sizes and the rounding rule, ties at the cut-off, several metrics,
numbers as typed, bad lines, the CLI, the browser reply and whole-table batch mode.

Runs on the real data (data/star.toml): top 10 %, places rounded up, at least one,
everyone tied at the last place wins, metrics as a share of the team's best (100 points).
"""

from __future__ import annotations

import copy
import csv
import io
import json
import math
import random
import re
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculators import batch, render, star, web
from calculators.__main__ import main
from calculators.errors import CalculatorError
from calculators.policy import Policy, get_policy
from calculators.registry import CALCULATORS


def team(*scores: object) -> str:
    return "\n".join(f"P{i + 1} {s}" for i, s in enumerate(scores))


def stars_of(results: str, **more: str) -> list[str]:
    return star.compute(results, **more).stars  # type: ignore[arg-type]


def test_the_policy_in_force() -> None:
    rules = get_policy()["star"]
    assert (rules["top_pct"], rules["cadence"]) == (10, "monthly")  # seed
    assert (rules["places"]["rounding"], rules["places"]["min_stars"]) == ("up", 1)
    assert rules["tie"]["rule"] == "all_tied_win"
    assert rules["scoring"]["best_points"] == 100


# Team size -> star places: size × 10 %, rounded up, at least 1 (company rule).
@pytest.mark.parametrize(("size", "places"), [
    (1, 1), (5, 1), (9, 1), (10, 1), (11, 2), (20, 2), (21, 3), (30, 3), (31, 4), (100, 10),
])
def test_places_by_team_size(size: int, places: int) -> None:
    r = star.compute(team(*range(size, 0, -1)))
    assert (r.places, r.star_count, len(r.people)) == (places, places, size)
    assert r.stars == [f"P{i + 1}" for i in range(places)]
    assert star.star_places(size, get_policy()["star"])[0] == places


@pytest.mark.parametrize(("scores", "stars", "cutoff"), [
    ((120, 95, 95, 80), ["P1"], "120.00"),                      # no tie at place 1
    ((95, 95, 80), ["P1", "P2"], "95.00"),                       # tie at the only place
    ((100,) * 10, [f"P{i}" for i in range(1, 11)], "100.00"),    # all equal: all win
    ((100, 90, 90, 90, 80, 70, 60, 50, 40, 30, 20), ["P1", "P2", "P3", "P4"], "90.00"),
    ((100, 90, 80, 80, 70, 60, 50, 40, 30, 20, 10), ["P1", "P2"], "90.00"),  # tie below
    ((5, 7, 6), ["P2"], "7.00"),                                 # order of input is free
])
def test_ties_at_the_cut_off(scores: tuple[int, ...], stars: list[str], cutoff: str) -> None:
    data = star.compute(team(*scores)).as_json()
    assert [p["name"] for p in data["people"] if p["star"]] == stars
    assert data["cutoff"] == cutoff
    assert data["star_count"] == len(stars)


def test_ranks_are_shared_and_skip() -> None:
    data = star.compute(team(100, 90, 90, 80)).as_json()
    assert [(p["name"], p["rank"]) for p in data["people"]] == \
        [("P1", 1), ("P2", 2), ("P3", 2), ("P4", 4)]


def test_none_tied_win_rule() -> None:
    policy = _with(get_policy(), tie="none_tied_win")
    r = star.compute(team(100, 90, 90, 80, 70, 60, 50, 40, 30, 20, 10), policy=policy)
    assert (r.places, r.stars) == (2, ["P1"])
    assert not star.compute(team(5, 5, 5), policy=policy).stars
    assert "并列者均不当选" in render.render("star", star.compute(
        team(5, 5, 5), policy=policy).as_json(), "zh", policy)


@pytest.mark.parametrize(("rounding", "size", "places"), [
    ("half_up", 4, 1), ("half_up", 15, 2), ("half_up", 14, 1), ("half_up", 25, 3),
    ("down", 19, 1), ("down", 20, 2), ("down", 5, 1),
])
def test_other_rounding_rules(rounding: str, size: int, places: int) -> None:
    policy = _with(get_policy(), rounding=rounding)
    assert star.compute(team(*range(size, 0, -1)), policy=policy).places == places


def _with(policy: Policy, rounding: str | None = None, tie: str | None = None) -> Policy:
    areas = {k: copy.deepcopy(dict(v)) for k, v in policy.items()}
    if rounding:
        areas["star"]["places"]["rounding"] = rounding
    if tie:
        areas["star"]["tie"]["rule"] = tie
    return Policy(areas, policy.data_dir)


# ------------------------------------------------------------ several metrics ---

def test_several_metrics_with_a_lower_is_better_one() -> None:
    data = star.compute("张三: 5500万, 30, 800\n李四: 4800万, 42, 650\n王五: 5100万, 25, 900",
                        "营收:50%, 新客户:30%, 获客成本:20%:lower", "2026-07").as_json()
    assert data["scored"] == "points"
    by_name = {p["name"]: p for p in data["people"]}
    # 李四: 4800/5500 × 100 = 87.27; best new customers and cost: 100 each.
    assert by_name["李四"]["points"] == ["87.27", "100.00", "100.00"]
    assert by_name["李四"]["score"] == "93.64"  # 87.27×50% + 100×30% + 100×20%
    # 张三: 100; 30/42 = 71.43; cost 650/800 = 81.25 -> 50 + 21.429 + 16.25 = 87.68
    assert by_name["张三"]["points"] == ["100.00", "71.43", "81.25"]
    assert by_name["张三"]["score"] == "87.68"
    assert data["stars"] == "李四"
    assert data["month"] == "2026-07"
    assert [m["direction"] for m in data["metrics"]] == ["higher", "higher", "lower"]


def test_equal_weights_when_none_are_given() -> None:
    data = star.compute("A: 100, 10\nB: 50, 20", "x, y").as_json()
    assert [m["weight_pct"] for m in data["metrics"]] == ["50.00", "50.00"]
    assert [p["score"] for p in data["people"]] == ["75.00", "75.00"]  # a tie: both win
    assert data["star_count"] == 2


def test_a_single_lower_is_better_metric_ranks_lowest_first() -> None:
    data = star.compute("A 800\nB 650\nC 900", "获客成本:lower").as_json()
    assert data["scored"] == "value"
    assert [p["name"] for p in data["people"]] == ["B", "A", "C"]
    assert data["stars"] == "B"


def test_zero_values_in_a_lower_is_better_metric() -> None:
    data = star.compute("A: 10, 0\nB: 10, 5", "x, cost:lower").as_json()
    assert [p["points"] for p in data["people"]] == [["100.00", "100.00"], ["100.00", "0.00"]]


# ------------------------------------------------------------ as people type ---

@pytest.mark.parametrize(("results", "values"), [
    ("张三 120\n李四 95", ["120.00", "95.00"]),
    ("张三: 5500万\n李四：4800万", ["55000000.00", "48000000.00"]),
    ("张三,120\n李四，95", ["120.00", "95.00"]),
    ("张三\t1,200\n李四\t950", ["1200.00", "950.00"]),
    ("张三 １２０\n李四 ９５", ["120.00", "95.00"]),
    ("张三 120%\n李四 95%", ["120.00", "95.00"]),
    ("张三,1,200\n李四, 5500 万", ["55000000.00", "1200.00"]),
    ("Zhang San 120\nLi Si 95", ["120.00", "95.00"]),
    ("姓名\t业绩\n张三\t120\n\n李四\t95\n", ["120.00", "95.00"]),  # header, blank line
    ("  张三 120  \n# a comment\n李四 -5", ["120.00", "-5.00"]),
    ("张三 120 分\n李四 95pts", ["120.00", "95.00"]),
    ("张三 5500万元\n李四 ¥4,800万", ["55000000.00", "48000000.00"]),
])
def test_results_as_typed(results: str, values: list[str]) -> None:
    data = star.compute(results).as_json()
    assert [p["values"][0] for p in data["people"]] == values


def test_several_values_as_typed() -> None:
    data = star.compute("张三: 1,200; 12\n李四：1100，15\n王五 900 9", "a:60%, b:40%").as_json()
    assert [p["values"] for p in sorted(data["people"], key=lambda p: p["line"])] == [
        ["1200.00", "12.00"], ["1100.00", "15.00"], ["900.00", "9.00"]]


def test_lines_are_numbered_as_typed() -> None:
    data = star.compute("姓名 业绩\n张三 120\n\n李四 95").as_json()
    assert [p["line"] for p in data["people"]] == [2, 4]
    assert "表头" in data["steps"][0]["zh"]


@pytest.mark.parametrize(("results", "metrics", "month", "field", "en", "zh"), [
    ("", "", "", "results", "one person per line", "每行一人"),
    (" \n \n", "", "", "results", "one person per line", "每行一人"),
    ("张三 120\n李四 abc", "", "", "results", "line 2", "第 2 行"),
    ("张三 120\n李四: abc", "", "", "results", "line 2: 'abc' is not a number", "第 2 行"),
    ("张三 120\n李四", "", "", "results", "line 2", "第 2 行"),
    ("张三 120\n李四 95\n张三 90", "", "", "results", "line 3: 张三 is already on line 1",
     "第 3 行：张三已在第 1 行出现"),
    ("张三 120\nzhang  san 1\nZHANG SAN 2", "", "", "results", "line 3", "第 3 行"),
    ("张三 120, 12", "", "", "results", "one metric", "只有一项指标"),
    ("张三: 120, 12\n李四: 95", "a, b", "", "results", "line 2: 1 values for 2 metrics",
     "第 2 行"),
    ("张三: 120, -1\n李四: 95, 2", "a, b", "", "results", "line 1: b cannot be negative",
     "不能为负数"),
    ("张三 120", "a:60%, b:30%", "", "metrics", "add up to 90", "权重合计为 90"),
    ("张三 120", "a:60%, b", "", "metrics", "every metric a weight", "都不填"),
    ("张三 120", "a:60%:sideways", "", "metrics", "neither a weight", "既不是权重"),
    ("张三 120", "a, A", "", "metrics", "listed twice", "重复"),
    ("张三 120", "a:0%, b:100%", "", "metrics", "above zero", "大于 0"),
    ("张三 120", "", "2026-Q3", "month", "per month", "按月"),
    ("张三 120", "", "2026-13", "month", "", ""),
])
def test_bad_input_names_the_field_and_line(results: str, metrics: str, month: str,
                                            field: str, en: str, zh: str) -> None:
    with pytest.raises(CalculatorError) as caught:
        star.compute(results, metrics, month)
    assert caught.value.field == field
    assert en in caught.value.en and zh in caught.value.zh
    assert caught.value.field in CALCULATORS["star"].inputs


# ------------------------------------------------------------ properties ---

scores = st.lists(st.integers(min_value=-50, max_value=200), min_size=1, max_size=45)


@given(scores)
def test_places_follow_the_rule_and_stars_outscore_the_rest(values: list[int]) -> None:
    rules = get_policy()["star"]
    r = star.compute(team(*values))
    n = len(values)
    expected = min(n, max(math.ceil(n * rules["top_pct"] / 100), rules["places"]["min_stars"]))
    assert r.places == expected
    stars = [p.score for p in r.people if p.star]
    others = [p.score for p in r.people if not p.star]
    assert len(stars) >= r.places  # all_tied_win: ties add stars, never remove them
    assert not others or min(stars) > max(others)
    assert sorted(p.where for p in r.people) == list(range(1, n + 1))  # nobody lost
    assert [p.score for p in r.people] == sorted((Decimal(v) for v in values), reverse=True)


rows = st.lists(st.tuples(st.sampled_from(["", "一组", "二组"]),
                          st.one_of(st.integers(-10, 500).map(str),
                                    st.sampled_from(["", "abc", "1,200", "５万", "12, 3"]))),
                min_size=1, max_size=40)


@given(rows)
def test_batch_rows_in_equal_rows_out(cells: list[tuple[str, str]]) -> None:
    table = [{"team": t, "results": f"P{i} {v}".strip()} for i, (t, v) in enumerate(cells)]
    out = star.batch_table(table, get_policy())
    assert len(out) == len(table)
    for team_name in {t for t, _ in cells}:
        ok = [o for (t, _), o in zip(cells, out, strict=True)
              if t == team_name and not isinstance(o, CalculatorError)]
        if ok:
            winners = [Decimal(o["score"]) for o in ok if o["star"] == "true"]
            losers = [Decimal(o["score"]) for o in ok if o["star"] == "false"]
            assert winners and (not losers or min(winners) > max(losers))
            assert len(winners) >= star.star_places(len(ok), get_policy()["star"])[0]


# ------------------------------------------------------------ batch ---

def test_batch_with_teams_and_a_bad_row() -> None:
    text = ("姓名,业绩,团队\n张三,120,一组\n李四,95,一组\n王五,abc,一组\n赵六,88,二组\n"
            "钱七,99,二组\n孙八,99,二组\n张三,70,二组\n")
    out, count, errors = batch.run_csv("star", text)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert (count, errors) == (7, 1)
    assert [r["姓名"] for r in rows] == ["张三", "李四", "王五", "赵六", "钱七", "孙八", "张三"]
    assert [r["rank"] for r in rows] == ["1", "2", "", "3", "1", "1", "4"]
    assert [r["star"] for r in rows] == ["true", "false", "", "false", "true", "true", "false"]
    assert rows[2]["error_field"] == "results" and "abc" in rows[2]["error_en"]
    assert rows[0]["score"] == "120.00"


def test_batch_results_column_with_names_and_duplicates() -> None:
    table = [{"results": "张三 120"}, {"results": "李四 95"}, {"results": "张三 99"},
             {"results": ""}, {"results": "王五: 90"}]
    out = star.batch_table(table, get_policy())
    assert [o["rank"] if isinstance(o, dict) else o.field for o in out] == \
        ["1", "2", "results", "results", "3"]
    assert isinstance(out[2], CalculatorError) and "row 1" in out[2].en


def test_batch_several_metrics_per_team() -> None:
    table = [{"results": "A: 100, 10", "metrics": "x:50%, y:50%"},
             {"results": "B: 50, 20"},
             {"results": "C: 80, 15", "metrics": "x:60%, y:40%"}]
    out = star.batch_table(table, get_policy())
    assert isinstance(out[2], CalculatorError) and out[2].field == "metrics"
    assert [o["score"] for o in out[:2] if isinstance(o, dict)] == ["75.00", "75.00"]


def test_batch_bad_metrics_fail_their_team_only() -> None:
    table = [{"team": "a", "results": "A 1", "metrics": "x:10%"}, {"team": "b", "results": "B 1"}]
    out = star.batch_table(table, get_policy())
    assert isinstance(out[0], CalculatorError) and out[1] == {
        "rank": "1", "score": "1.00", "star": "true"}


def test_batch_template() -> None:
    assert render.template_csv("star") == "results,metrics,month,team\r\n"


# ------------------------------------------------------------ CLI and browser ---

def test_cli_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert 0 == main(["star", "--results", "张三 120\n李四 95", "--lang", "en"])
    out = capsys.readouterr().out
    assert "Marketing star(s) (1): 张三." in out
    assert "1. 张三 120 ★ Star" in out


def test_cli_json_and_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert 0 == main(["star", "--results", "张三 120\n李四 95\n王五 95", "--month", "2026-07",
                      "--json"])
    data = json.loads(capsys.readouterr().out)
    assert (data["stars"], data["star_count"], data["team_size"]) == ("张三", 1, 3)
    assert 2 == main(["star", "--results", "张三 120\n李四 x"])
    err = capsys.readouterr().err
    assert err.startswith("error: results: line 2") and err.count("\n") == 1


def ask(inputs: dict[str, Any], lang: str = "zh") -> dict[str, Any]:
    return json.loads(web.handle(json.dumps({"calculator": "star", "inputs": inputs,
                                             "lang": lang})))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_web_reply(lang: str) -> None:
    reply = ask({"results": "张三 120\n李四 95\n王五 95", "metrics": "", "month": "2026-07",
                 "team": ""}, lang)
    assert reply["ok"] is True
    assert reply["result"]["stars"] == "张三"
    html = reply["html"]
    assert '<svg class="hb-chart hb-chart--star"' in html
    assert "hb-chart__bar--ok" in html and "hb-chart__guide" in html
    assert ("2026年7月营销之星" if lang == "zh" else "Marketing star(s) for 2026-07") in html
    assert "★" in html and 'data-result="steps"' in html
    assert reply["text"].splitlines()[0] == CALCULATORS["star"].title[lang]


def test_web_error_shape() -> None:
    reply = ask({"results": "张三 120\n张三 95"})
    assert reply["ok"] is False
    error = reply["errors"][0]
    assert error["field"] == "results" and "line 2" in error["en"] and "第 2 行" in error["zh"]


@given(st.dictionaries(st.sampled_from(["results", "metrics", "month", "team"]),
                       st.one_of(st.none(), st.text(max_size=40), st.integers(),
                                 st.floats(allow_nan=True)), max_size=4))
def test_web_never_raises(inputs: dict[str, Any]) -> None:
    reply = json.loads(web.handle(json.dumps({"calculator": "star", "inputs": inputs},
                                             default=str)))
    if not reply["ok"]:
        assert "Internal error" not in reply["errors"][0]["en"]


def test_text_and_chart_are_escaped_and_readable() -> None:
    data = star.compute("<b>x</b> 1\nB 2").as_json()
    html = render.render("star", data, "en")
    assert "<b>x</b>" not in html and "&lt;b&gt;" in html
    chart = star.star_chart(data, "en", None)
    assert 'transform="scale(1.5)"' in chart  # 13 px text drawn at 19.5 of 480 units
    assert "style=" not in html


def test_render_accepts_a_big_team() -> None:
    data = star.compute(team(*range(300, 0, -1))).as_json()
    html = render.render("star", data, "zh")
    assert html.count("<rect") == 60 + 2  # the bars shown, and the two legend swatches
    assert data["places"] == 30


def test_batch_same_metrics_typed_differently_are_the_same() -> None:
    table = [{"results": "A: 100, 10", "metrics": "x:50%, y:50%"},
             {"results": "B: 50, 20", "metrics": "x:50%,y:50%"}]
    out = star.batch_table(table, get_policy())
    assert all(isinstance(o, dict) for o in out)


def test_a_big_batch_team_is_ranked_quickly() -> None:
    table = [{"results": f"P{i} {i % 997}"} for i in range(5_000)]
    out = star.batch_table(table, get_policy())
    assert len(out) == 5_000
    assert sum(o["star"] == "true" for o in out if isinstance(o, dict)) >= 500


def test_batch_in_the_browser_and_the_team_in_the_verdict() -> None:
    reply = json.loads(web.handle(json.dumps({"calculator": "batch", "inputs": {
        "calculator": "star", "csv": "团队,业绩\n一组,张三 120\n一组,李四 x\n二组,王五 90\n"}})))
    assert reply["ok"] is True
    assert (reply["result"]["rows"], reply["result"]["errors"]) == (3, 1)
    rows = list(csv.DictReader(io.StringIO(reply["result"]["csv"])))
    assert [r["star"] for r in rows] == ["true", "", "true"]
    data = star.compute("张三 120", team="一组", month="2026-07").as_json()
    assert render.render("star", data, "zh").count("一组：2026年7月营销之星") == 1
    assert "Team 一组: Marketing star(s) for 2026-07" in render.render("star", data, "en")


def test_traditional_header_and_direction_words_are_understood() -> None:
    """A zh-Hant reader: 成員 業績 is a header line (成员 in Simplified); the names
    stay as typed (張三)."""
    metrics = star.parse_metrics("業績:60%,投訴:40%:反向")
    assert [m.direction for m in metrics] == ["higher", "lower"]
    entries, notes = star.parse_results("成員 業績 投訴\n張三 120 1\n趙六 95 3", metrics)
    assert [e.name for e in entries] == ["張三", "趙六"] and notes  # the header noted


# ------------------------------------------------------------ batch shortcuts ---

def plain_batch(rows: list[dict[str, Any]], policy: Policy) -> list[dict[str, str] | str]:
    """Batch mode the plain way: every row parsed on its own, nothing cached, each team
    ranked by rank() (what a single result uses). Errors as their English words."""
    rules = policy["star"]
    out: list[dict[str, str] | str] = [""] * len(rows)
    teams: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        teams.setdefault(star._key(star._text(row.get("team"))), []).append(i)
    for members in teams.values():
        typed = next((star._text(rows[i].get("metrics")) for i in members
                      if not star.is_blank(rows[i].get("metrics"))), "")
        try:
            spec = star.parse_metrics(typed)
        except CalculatorError as exc:
            for i in members:
                out[i] = exc.en
            continue
        entries: list[star.Entry] = []
        seen: dict[str, int] = {}
        for i in members:
            row = rows[i]
            try:
                mine = star._text(row.get("metrics"))
                if mine and mine != typed and star._metrics_or_none(mine) != spec:
                    raise CalculatorError("metrics", star.Msg("star.row_metrics",
                                                              metrics=typed[:40]))
                star._period(row.get("month"), rules)
                cell = star._text(row.get("results"))
                name = next((star._text(row.get(k))[:40] for k in star.NAME_COLUMNS
                             if not star.is_blank(row.get(k))), "")
                if not name:
                    parts = star._split_line(cell)
                    if parts is None:
                        raise CalculatorError("results", star.Msg(
                            "star.name_and_result", where="", text=cell[:40]))
                    name, cell = parts[0][:40], parts[1]
                if not cell:
                    raise CalculatorError("results", star.Msg("star.result_required"))
                if star._key(name) in seen:
                    raise CalculatorError("results", star.Msg(
                        "star.name_twice_row", name=name, first=seen[star._key(name)]))
                values = star._values(cell, max(len(spec), 1), "results", "", spec)
            except CalculatorError as exc:
                out[i] = exc.en
                continue
            seen[star._key(name)] = i + 1
            entries.append(star.Entry(i, name, values))
        if entries:
            result = star.rank(entries, spec, policy, explain=True)
            for p in result.people:
                out[p.where] = {"rank": str(p.rank), "score": result._score(p.score),
                                "star": "true" if p.star else "false"}
    return out


def _words(out: list[dict[str, str] | CalculatorError]) -> list[dict[str, str] | str]:
    return [o.en if isinstance(o, CalculatorError) else o for o in out]


WEIGHTED = "营收:50%, 新客户:30%, 获客成本:20%:lower"
EDGE_ROWS = [  # (team, name, results, metrics, month)
    ("A", "张三", "120", "", "2026-07"), ("A", "李四", "120", "", "2026-07"),
    ("A", "张三", "90", "", ""), ("A", "钱七", "", "", ""), ("A", "孙八", "abc", "", ""),
    ("A", "周九", "1,200", "", ""), ("A", "吴十", "１２０", "", ""), ("A", "郑一", "95%", "", ""),
    ("A", "冯二", "120 分", "", ""), ("A", "rmb", "7", "", ""), ("A", " 元 ", "8", "", ""),
    ("B", "", "张三 120", "", ""), ("B", "", "李四: 1.5亿", "", ""), ("B", "", "王五", "", ""),
    ("B", "", "赵六,300", "", ""), ("B", "", "钱七 120 12", "", ""), ("B", "", "x 1 2", "", ""),
    ("C", "甲", "5500万, 12, 300", WEIGHTED, "2026-07"),
    ("C", "乙", "5000万, 15, 250", WEIGHTED, "2026-13"),
    ("C", "丙", "5000万, 15, 250", WEIGHTED.replace(" ", ""), "2026-Q3"),
    ("C", "丁", "4000万; 0; 0", "营收:50%,新客户:30%,获客成本:20%:低", ""),
    ("C", "戊", "-4000万, 1, 10", WEIGHTED, ""), ("C", "己", "4000万 1 10 5", "", ""),
    ("C", "庚", "4000万, 1", WEIGHTED, ""), ("C", "辛", "1,200, 3, 4", WEIGHTED, ""),
    ("C", "壬", "4000万、abc、1", WEIGHTED, ""), ("C", "癸", "1 points, 2pts, 3分", WEIGHTED, ""),
    ("C", "子", "4000万, -1, 2", "营收:40%, 新客户:30%, 获客成本:30%:lower", ""),
    ("D", "a", "5500万, 12", "营收:60%, 新客户:30%", ""), ("D", "b", "1, 2", "", ""),
    ("E", "a", "-0, -0", "a,b:lower", ""), ("E", "b", "0, 1", "a,b:lower", ""),
    ("E", "c", "1, 0", "a,b:lower", ""), ("E", "d", "0.333, 0.5", "a,b:lower", ""),
    ("F", "a", "-5", "cost:lower", ""), ("F", "b", "-0", "cost:lower", ""),
    ("F", "c", "0.000", "cost:lower", ""), ("F", "d", "20.000", "cost:lower", ""),
    ("F", "e", "1e3", "cost:lower", ""), ("F", "f", "-0.005", "cost:lower", ""),
    (" f ", "X Y", "10", "", ""), ("f", "x  y", "11", "", ""), ("G", "a", "1", "a:x", ""),
    ("H", "a", "1, 2", "a:50%, a:50%", ""), ("I", "Solo", "5000万", "", "2026年7月"),
]


@pytest.mark.parametrize("tie", ["all_tied_win", "none_tied_win"])
@pytest.mark.parametrize("rounding", ["up", "down"])
def test_batch_equals_the_plain_path(tie: str, rounding: str) -> None:
    """batch_table's shortcuts (texts read once, no people or explanation) give what
    parsing each row on its own and ranking each team with rank() gives."""
    policy = _with(get_policy(), rounding=rounding, tie=tie)
    rng = random.Random(11)
    rows = [dict(zip(("team", "name", "results", "metrics", "month"), r, strict=True))
            for r in EDGE_ROWS]
    for t in range(30):  # teams as in bench/batch.py, some with equal scores
        weighted = t % 2 == 1
        for j in range(rng.randint(1, 30)):
            figures = (f"{rng.randint(1, 9)}万, {rng.randint(0, 6)}, {rng.randint(3, 12)}"
                       if weighted else f"{rng.randint(1, 9)}万")
            name, cell = (f"P{t}.{j}", figures) if j % 2 else ("", f"P{t}.{j} {figures}")
            rows.append({"team": f"T{t}", "name": name, "results": cell,
                         "metrics": WEIGHTED if weighted else "", "month": "2026-07"})
    assert _words(star.batch_table(rows, policy)) == plain_batch(rows, policy)
    chinese = [{"团队": r["team"], "成员": r["name"], "results": r["results"]} for r in rows]
    text = "\n".join(",".join(f'"{v}"' for v in r.values()) for r in chinese)
    table = batch.read_csv("团队,成员,results\n" + text)[1]
    inputs = batch._inputs(CALCULATORS["star"], list(chinese[0]), table)
    assert _words(star.batch_table(inputs, policy)) == plain_batch(inputs, policy)


@given(st.text(st.sampled_from("12万,;、/| \t\u3000\u00a0\u2028\x1c\x85a%，.\n"), max_size=14),
       st.integers(2, 4))
def test_values_are_split_as_the_patterns_split_them(text: str, count: int) -> None:
    """_cells: commas or spaces split with str.split, the same cells as the pattern."""
    cells: list[str] = []
    for pattern in (r"\s*[;、/|\t]+\s*", r"\s*,\s*|\s+", r"\s*,\s+|\s+", r"\s+"):
        cells = [c for c in re.split(pattern, text) if c]
        if len(cells) == count:
            break
    assert star._cells(text, count) == cells


@given(st.sampled_from(sorted(star._NAME_STARTS)),
       st.lists(st.sampled_from([" ", "rmb", "cny", "元", "¥", "_", ",", "\u0301", "\u0307",
                                 "\u20e3", "\u3000", "RMB", "\u200b"]), max_size=5))
def test_a_name_starting_with_a_letter_or_digit_is_never_blank(first: str,
                                                                rest: list[str]) -> None:
    """_row_name skips is_blank for such a name: it would never find it blank."""
    assert not star.is_blank(first + "".join(rest))
    assert all(star.is_blank(blank) for blank in ("rmb", "CNY", " 元 ", "¥"))  # left out


# Figures typed in 万 or 亿 are shown in them, as the deviation check does: a reader who
# typed 5500万 read 55,000,000 in the headline, the chart, the table and the steps.
@pytest.mark.parametrize(("lang", "shown", "cell"), [
    ("zh", "5,500 万", "5,500 万（100 分）"),
    ("en", "5,500万", "5,500万 (100 pts)"),
    ("zh-Hant", "5,500 萬", "5,500 萬（100 分）"),
])
def test_values_typed_in_wan_are_shown_in_wan(lang: str, shown: str, cell: str) -> None:
    one = ask({"results": "张三 5500万\n李四 4800万\n王五 4812.3456万"}, lang)
    assert render.display_outputs("star", one["result"], lang)["cutoff"] == shown
    html, text = one["html"], one["text"]
    assert "55,000,000" not in html + text and "48,000,000" not in html + text
    assert html.count(shown) >= 4  # the figures, the chart's bar and cut-off line, the table
    assert "48,123,456" in html  # not exact in 万 (two decimals): shown as it is
    assert shown in text
    several = ask({"results": "张三: 5500万, 30, 800\n李四: 4800万, 42, 650",
                   "metrics": "营收:50%, 新客户:30%, 获客成本:20%:lower"}, lang)
    assert cell in re.sub(r"<[^>]+>", "", several["html"])  # (value and points: two parts)
    assert re.search(r"\b30\b", several["html"]) and "800" in several["html"]  # untyped: as is


def test_values_typed_without_a_multiplier_are_shown_as_typed() -> None:
    reply = ask({"results": "张三 55000000\n李四 120"})
    assert render.display_outputs("star", reply["result"], "zh")["cutoff"] == "55,000,000"
    assert "万" not in reply["html"].split("hb-result__table")[1]
