"""The zh-Hant conversion (handbook/hant.py) and the hook that applies it to the site
(hooks/hant.py): every reviewed override still changes OpenCC's output, the handbook's
key terms come out as the Traditional source documents write them, ASCII is untouched,
search segmentation of Traditional text follows the Simplified one, and the finished
HTML is converted in its visible text only."""

from __future__ import annotations

import opencc
import pytest

from calculators.i18n import LANGUAGES
from handbook import hant
from hooks import hant as hook

# The handbook's key terms as Taiwan and Hong Kong teams read them.
KEY_TERMS = {
    "完成率": "完成率",
    "偏差预警": "偏差預警",
    "营销之星": "營銷之星",
    "复盘": "復盤",
    "目标拆解": "目標拆解",
    "调休": "調休",
    "导师": "導師",
    "绩效奖金": "績效獎金",
    "月度复盘会议": "月度復盤會議",
}


def test_the_edition_is_one_of_the_declared_languages() -> None:
    assert hant.LANG in LANGUAGES


@pytest.mark.parametrize(("zh", "hant_form"), [(z, h) for z, h in hant.terms()])
def test_each_override_still_changes_opencc_output(zh: str, hant_form: str) -> None:
    """An override OpenCC now gets right by itself is dead weight: remove it."""
    plain = opencc.OpenCC(hant.CONFIG).convert(zh)
    assert plain != hant_form, f"{zh}: OpenCC gives {plain} by itself, drop the override"
    assert hant.convert(zh) == hant_form


def test_every_override_has_a_reason() -> None:
    import tomllib

    with hant.TERMS_FILE.open("rb") as fh:
        entries = tomllib.load(fh)["terms"]
    assert entries
    for entry in entries:
        assert entry.get("why"), entry


@pytest.mark.parametrize(("zh", "expected"), KEY_TERMS.items())
def test_key_terms(zh: str, expected: str) -> None:
    assert hant.convert(zh) == expected
    # Inside a sentence too (the override is not split by the phrase conversion).
    assert hant.convert(f"本月{zh}已经完成。") == f"本月{expected}已經完成。"


@pytest.mark.parametrize("text", ["", "P0 target 120%", "{completion} <a href=\"x.md#y\">", "\n"])
def test_ascii_is_untouched(text: str) -> None:
    assert hant.convert(text) == text


def test_ascii_inside_chinese_is_untouched() -> None:
    out = hant.convert("P0 任务：完成率 ≥ 90% 时 {tier} 档，见 [复盘](retrospectives.md#复盘)")
    assert out == "P0 任務：完成率 ≥ 90% 時 {tier} 檔，見 [復盤](retrospectives.md#復盤)"


def test_cut_follows_the_simplified_cut() -> None:
    """The Traditional words are cut where jieba cuts their Simplified form."""
    def cut(text: str) -> list[str]:
        # A stand-in for jieba that only knows Simplified words (as jieba's dictionary
        # mostly does): it cuts 偏差|预警 and leaves what it does not know whole.
        return ["偏差", "预警"] if text == "偏差预警" else [text]

    assert hant.cut_as_simplified("偏差預警", cut) == ["偏差", "預警"]
    assert cut("偏差預警") == ["偏差預警"]


def test_cut_for_search_with_overlapping_words() -> None:
    def cut(text: str) -> list[str]:
        return ["营销", "之星", "营销之星"] if text == "营销之星" else [text]

    assert hant.cut_as_simplified("營銷之星", cut) == ["營銷", "之星", "營銷之星"]


def test_search_segmentation_marks_the_cuts() -> None:
    out = hook.segment("P0 偏差預警")
    assert out.startswith("P0 ")
    assert out.replace("\u200b", "") == "P0 偏差預警"
    assert "\u200b" in out


def test_html_conversion_leaves_scripts_ids_and_links_alone() -> None:
    html = ('<html lang="zh-Hant"><head><title>复盘</title>'
            '<script>var s = "营销之星";</script><style>/* 复盘 */</style></head>'
            '<body><!-- 复盘 --><a href="../复盘/#复盘" id="复盘" title="切换到深色" '
            'data-x="复盘">复盘</a><input placeholder="搜索" value="2万"></body></html>')
    out = hook.convert_html(html)
    assert "<title>復盤</title>" in out
    assert 'var s = "营销之星";' in out
    assert "/* 复盘 */" in out and "<!-- 复盘 -->" in out
    assert 'href="../复盘/#复盘" id="复盘"' in out and 'data-x="复盘"' in out
    assert 'title="切換到深色"' in out and 'placeholder="搜索"' in out
    assert 'value="2万"' in out
    assert ">復盤</a>" in out


def test_html_conversion_is_idempotent_on_traditional_text() -> None:
    """Material's zh-Hant strings and the page's converted text are Traditional already:
    converting them again leaves them as they are (Material's 頁脚, half Simplified,
    becomes 頁腳)."""
    assert hook.convert_html("頁脚") == "頁腳"
    material = "搜尋 頁首 頁腳 下一頁 上一頁 返回頂部 複製 已複製 切換到深色模式"
    assert hook.convert_html(material) == material
    for zh in ("这套体系为了什么", "不做过度干预", "季度月周期间拆到哪一级", "复盘"):
        once = hant.convert(zh)
        assert hook.convert_html(once) == once
    # Plain OpenCC run twice damages some (干預 -> 幹預): the reason for reconvert.
    assert hant.convert(hant.convert("不做过度干预")) != hant.convert("不做过度干预")


def test_is_traditional_finds_simplified_left() -> None:
    assert hant.is_traditional(hant.convert("这套体系为了什么，不做过度干预"))
    assert not hant.is_traditional("這套体系")
    assert hant.is_traditional("漏斗 批准 Search P0")


def test_the_site_builds_the_declared_languages() -> None:
    """mkdocs.yml's i18n languages and language switcher follow calculators.i18n.LANGUAGES
    (declared once; the site's configuration must not drift from it)."""
    from pathlib import Path

    from mkdocs.utils.yaml import yaml_load

    root = Path(__file__).resolve().parents[2]
    with (root / "mkdocs.yml").open("rb") as fh:
        config = yaml_load(fh)
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    assert tuple(lang["locale"] for lang in i18n["languages"]) == LANGUAGES
    assert tuple(alt["lang"] for alt in config["extra"]["alternate"]) == LANGUAGES
    hant_config = next(lang for lang in i18n["languages"] if lang["locale"] == hant.LANG)
    assert hant_config["theme"]["language"] == hant.LANG  # what hooks/hant.py recognises
    assert "hooks/hant.py" in config["hooks"]


def test_markdown_of_a_zh_hant_build_is_converted_once() -> None:
    """The Markdown step takes zh text and text a macro already wrote in Traditional."""
    class Theme(dict):
        pass

    class Config:
        theme = Theme(language=hant.LANG)

    zh = "这套体系为了什么：复盘。"
    once = hant.convert(zh)
    assert hook.on_page_markdown(zh, None, Config()) == once  # type: ignore[arg-type]
    assert hook.on_page_markdown(once, None, Config()) == once  # type: ignore[arg-type]
    Config.theme = Theme(language="zh")
    assert hook.on_page_markdown(zh, None, Config()) == zh  # type: ignore[arg-type]


def test_every_input_vocabulary_character_is_read_in_traditional() -> None:
    """The Chinese words the calculators accept (their string literals, docstrings aside),
    as the zh-Hant edition writes them, fold back: numbers.simplified covers every
    character that OpenCC changes, alone or inside its word."""
    import ast
    import re
    from pathlib import Path

    from calculators import numbers

    han = re.compile(r"[\u3400-\u9fff]")
    missing = set()
    for path in sorted((Path(numbers.__file__).parent).glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
                      and node.body and isinstance(node.body[0], ast.Expr)}
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and id(node) not in docstrings and han.search(node.value)):
                continue
            word = node.value
            if numbers.simplified(word) != word:  # the table's own Traditional side
                continue
            if numbers.simplified(hant.convert(word)) != word:
                missing.add(f"{word} -> {hant.convert(word)}")
    assert not missing, sorted(missing)
