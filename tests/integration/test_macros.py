"""The macros, in a small fixture site built by real mkdocs (mkdocs-macros' own test style:
build, then read the rendered text under a named heading), in both languages.

Plus the issue's promise: change one number in one data file and every page, worked
example and the calculator follow, with no other edit.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from support import copy_project

from calculators import deviation
from handbook.policy import load as load_policy
from macros import format as fmt

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MKDOCS = [sys.executable, "-m", "mkdocs", "build", "--strict"]


def fixture_config(dest: Path, docs: Path, data: Path | None = None) -> Path:
    """A small site: the real overrides and macros module, the i18n plugin, no engine hook."""
    conf = {
        "site_name": "fixture",
        "docs_dir": str(docs),
        "theme": {"name": "material", "custom_dir": str(ROOT / "overrides"), "language": "zh",
                  "font": False},
        "plugins": [
            {"handbook": {"data_dir": str(data if data is not None else ROOT / "data")}},
            {"i18n": {"docs_structure": "suffix", "reconfigure_material": False,
                      "languages": [
                          {"locale": "zh", "name": "中文", "default": True, "build": True},
                          {"locale": "en", "name": "English", "build": True,
                           "theme": {"language": "en"}}]}},
            {"macros": {"module_name": str(ROOT / "macros"), "on_error_fail": True,
                        "on_undefined": "strict"}},
        ],
        "extra": {"alternate": [{"name": "中文", "link": "./", "lang": "zh"},
                                {"name": "English", "link": "./en/", "lang": "en"}]},
        "markdown_extensions": ["tables", "attr_list", {"toc": {"permalink": False}}],
    }
    path = dest / "mkdocs.yml"
    path.write_text(yaml.safe_dump(conf, allow_unicode=True), encoding="utf-8")
    return path


def build(config: Path, out: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*MKDOCS, "-f", str(config), "-d", str(out)], cwd=config.parent,
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **env})


def section(page: Path, heading: str) -> str:
    """The text under an h2 (up to the next h2), tags stripped, whitespace collapsed."""
    text = page.read_text(encoding="utf-8")
    start = re.search(rf"<h2[^>]*>{re.escape(heading)}", text)
    assert start, f"no heading {heading!r} in {page}"
    end = text.find("<h2", start.end())
    body = text[start.end(): end if end != -1 else text.find("</article>", start.end())]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("macro-site")
    out = tmp / "site"
    done = build(fixture_config(tmp, FIXTURES / "policy_site" / "docs"), out)
    assert done.returncode == 0, done.stderr[-3000:]
    return out


ZH = [
    ("单值", ["紧急事项：2 小时 内响应", "日报：17:00 前提交，周会：周一",
             "培训：≥ 40 小时；覆盖率 100%", "季度收入：5,000 万元", "复盘：次月 3 日",
             "工具：企业微信、钉钉", "审批：销售人员（起草） → 营销经理（审批）"]),
    ("列表", ["通过指定渠道受理 快速响应 调查处理 反馈结果并结案"]),
    ("目标表", ["领域 指标 目标值", "总体目标 人均业绩贡献 提升 30%",
              "团队建设 人均年度培训时长 ≥ 40 小时", "文化与留任 主动离职率 ≤ 8%"]),
    ("权重表", ["名称 权重 依据", "业绩 60% 公司规定"]),
    ("模板", ["表 3：营销项目进度监控表", "新品上市推广 预热期曝光量 500 万 380 万 −24%",
            "618 大促活动 日均销售额 200 万元 150 万元 −25% 经理", "9月20日"]),
    ("元数据", ["版本 2026.1 · 2026年1月1日 起生效 · 负责人：营销总监"]),
    ("示例", ["偏差率 = −120.00 ÷ 500.00 × 100% = −24.00%", "预警线 ±5%"]),
]

EN = [
    ("Single values", ["answered within 2 hours", "Daily report by 17:00, weekly meeting on Monday",
                       "Training: ≥ 40 hours; coverage 100 %", "Quarter revenue: ¥50 million",
                       "Retrospective: the 3rd of the following month",
                       "Tools: WeCom and DingTalk",
                       "Approval: Sales staff (drafts) → Marketing manager (approves)"]),
    ("Lists", ["Received through the set channel Answered quickly"]),
    ("Targets", ["Area Metric Target", "Overall Performance contribution per person +30 %",
                 "Culture and retention Voluntary turnover ≤ 8 %"]),
    ("Weights", ["Name Weight Basis", "Results 60 % Company rule"]),
    ("Template", ["Table 3: Project progress monitoring",
                  "New-product launch Warm-up exposure 5 million 3.8 million −24 %",
                  "¥2 million ¥1.5 million −25 %", "20 September"]),
    ("Meta", ["Version 2026.1 · in force from 1 January 2026 · owner: Marketing director"]),
    ("Example", ["Deviation % = −120.00 / 500.00 × 100 % = −24.00 %", "beyond ±5 %"]),
]


@pytest.mark.parametrize(("heading", "expected"), ZH, ids=[h for h, _ in ZH])
def test_zh_page(site: Path, heading: str, expected: list[str]) -> None:
    text = section(site / "index.html", heading)
    for snippet in expected:
        assert snippet in text, f"{snippet!r} not in {text!r}"


@pytest.mark.parametrize(("heading", "expected"), EN, ids=[h for h, _ in EN])
def test_en_page(site: Path, heading: str, expected: list[str]) -> None:
    text = section(site / "en" / "index.html", heading)
    for snippet in expected:
        assert snippet in text, f"{snippet!r} not in {text!r}"


def test_schemas_are_published_with_the_site(site: Path) -> None:
    assert (site / "schemas" / "goals.schema.json").is_file()


def test_an_unknown_path_fails_the_build_naming_it(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("index.md", "index.en.md"):
        (docs / name).write_text('# x\n\n{{ policy("deviation.warning_percent") }}\n',
                                 encoding="utf-8")
    done = build(fixture_config(tmp_path, docs), tmp_path / "site")
    assert done.returncode != 0
    assert ("policy('deviation.warning_percent'): unknown key path "
            "(policy value 'deviation.warning_percent': no 'warning_percent' here)"
            ) in done.stderr


def test_a_broken_data_file_fails_the_build_with_its_message(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    weights = data / "performance.toml"
    weights.write_text(weights.read_text(encoding="utf-8").replace(
        "weight_pct = 15", "weight_pct = 10"), encoding="utf-8")
    done = build(fixture_config(tmp_path, FIXTURES / "policy_site" / "docs", data),
                 tmp_path / "site")
    assert done.returncode != 0
    assert ("data/performance.toml: annual_weights: the weight_pct values add up to 95, "
            "expected 100") in done.stderr


def test_page_meta_is_shown_and_an_overdue_review_never_breaks_the_build(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs, ignore=shutil.ignore_patterns("assets"))
    config = fixture_config(tmp_path, docs)
    done = build(config, tmp_path / "site")
    assert done.returncode == 0, done.stderr[-3000:]
    zh = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    en = (tmp_path / "site" / "en" / "index.html").read_text(encoding="utf-8")
    assert "data-page-meta" in zh and "<dt>下次审阅</dt>" in zh
    assert "<dt>Next review</dt>" in en
    assert "data-review-overdue" not in zh
    # Years later, with no change to the repository: the strict build still passes, says
    # which reviews are overdue, and the page tells the reader.
    late = build(config, tmp_path / "late", HANDBOOK_TODAY="2099-01-01")
    assert late.returncode == 0, late.stderr[-3000:]
    assert "data/pages.toml: pages.index.md.next_review: the review was due on" in late.stderr
    banner = (tmp_path / "late" / "index.html").read_text(encoding="utf-8")
    assert "data-review-overdue" in banner and "本页已过审阅日期" in banner
    en_banner = (tmp_path / "late" / "en" / "index.html").read_text(encoding="utf-8")
    assert "This page is past its review date" in en_banner


# ------------------------------------------------------------- formatting ---

@pytest.mark.parametrize(("key", "value", "zh", "en"), [
    ("warning_pct", Decimal("12.5"), "12.5%", "12.5 %"),
    ("response_hours", 1, "1 小时", "1 hour"),
    ("project_within_days", 3, "3 天", "3 days"),
    ("target_yuan", 10000, "10,000 元", "¥10,000"),
    ("revenue_wan_yuan", 1667, "1,667 万元", "¥16.67 million"),
    ("monthly_due_day_of_next_month", 1, "次月 1 日", "the 1st of the following month"),
    ("weekly_tasks_times_per_week", 3, "每周 3 次", "3 times a week"),
    ("internal_first", True, "是", "yes"),
    ("weekday", "friday", "周五", "Friday"),
])
def test_format_by_key_suffix(key: str, value: object, zh: str, en: str) -> None:
    assert (fmt.value(key, value, "zh"), fmt.value(key, value, "en")) == (zh, en)


# ------------------------------------------------ change one number, once ---

def copy_repo(dest: Path) -> Path:
    copy_project(dest)
    for page in (FIXTURES / "one_change").glob("*.md"):
        shutil.copy(page, dest / "docs" / page.name)
    return dest


def test_changing_one_number_changes_every_page_example_and_calculator(tmp_path: Path) -> None:
    """The deviation warning line 10 % -> 8 %: one edit in data/deviation.toml."""
    repo = copy_repo(tmp_path / "repo")
    data = repo / "data" / "deviation.toml"
    text = data.read_text(encoding="utf-8")
    assert re.search(r"^warning_pct = 10\b", text, flags=re.M)
    data.write_text(re.sub(r"^warning_pct = 10\b", "warning_pct = 8", text, flags=re.M),
                    encoding="utf-8")

    out = tmp_path / "site"
    done = subprocess.run([*MKDOCS, "-d", str(out)], cwd=repo, capture_output=True, text=True,
                          timeout=600, env={**os.environ, "PYTHONPATH": str(repo)})
    assert done.returncode == 0, done.stderr[-3000:]

    pages = {"zh": out / "deviation-line" / "index.html",
             "en": out / "en" / "deviation-line" / "index.html"}
    line = {"zh": ("±8%", "±10%"), "en": ("±8 %", "±10 %")}
    heading = {"zh": ("预警线", "示例"), "en": ("Warning line", "Example")}
    for lang, page in pages.items():
        new, old = line[lang]
        rule, example = (section(page, h) for h in heading[lang])
        assert new in rule and old not in rule, rule
        # The worked example (−9 %) is now beyond the line: a warning, computed anew.
        assert new in example and old not in example, example
        assert ("预警" if lang == "zh" else "Warning") in example

    # Every page of the real handbook that shows the value follows too.
    for src in (repo / "docs").rglob("*.md"):
        if "deviation.warning_pct" not in src.read_text(encoding="utf-8"):
            continue
        lang = "en" if src.name.endswith(".en.md") else "zh"
        rel = src.relative_to(repo / "docs").as_posix().removesuffix(".en.md").removesuffix(".md")
        built = out / ("en/" if lang == "en" else "") / (
            "index.html" if rel == "index" else f"{rel.removesuffix('/index')}/index.html")
        page = built.read_text(encoding="utf-8")
        assert line[lang][0] in page, built

    # The calculator in the browser reads the wheel's copy of the data: it follows as well.
    (wheel,) = (out / "assets" / "engine").glob("*.whl")
    with zipfile.ZipFile(wheel) as zf:
        packaged = zf.read("calculators/policy_data/deviation.toml").decode("utf-8")
    assert re.search(r"^warning_pct = 8\b", packaged, flags=re.M)
    result = deviation.check("100", "91", policy=load_policy(repo / "data"), metric="revenue")
    assert (result.warning_pct, result.status) == (8, "warning")
