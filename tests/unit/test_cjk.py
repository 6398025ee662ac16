"""handbook.cjk: a source line break inside Chinese text is no space on the page."""

from __future__ import annotations

import pytest

from handbook.cjk import join_lines

CASES = [
    # (html, joined)
    ("<p>第一句。\n第二句。</p>", "<p>第一句。第二句。</p>"),
    ("<p>便于打印或另存为 PDF。\n使用浏览器的“打印”功能。\n打印时隐藏导航栏。</p>",
     "<p>便于打印或另存为 PDF。使用浏览器的“打印”功能。打印时隐藏导航栏。</p>"),
    ("<p>金额以元计，\n保留两位小数：\n（四舍五入）</p>",
     "<p>金额以元计，保留两位小数：（四舍五入）</p>"),
    # inline tags between the two sides
    ("<p>网络恢复后自动打开。\n也可以点<a href=\"x\">重试</a>。</p>",
     "<p>网络恢复后自动打开。也可以点<a href=\"x\">重试</a>。</p>"),
    ("<p>发放比例\n<strong>不变</strong>。</p>", "<p>发放比例<strong>不变</strong>。</p>"),
    ("<li><strong>第一步。</strong>\n填写表单。</li>",
     "<li><strong>第一步。</strong>填写表单。</li>"),
    ("<p>第一句。  \n  第二句。</p>", "<p>第一句。第二句。</p>"),
    ("<p>繁體：第一句。\n第二句。</p>", "<p>繁體：第一句。第二句。</p>"),
    ("<p>各月数字并不相等。\n“月度拆解”相加等于季度目标。</p>",
     "<p>各月数字并不相等。“月度拆解”相加等于季度目标。</p>"),
    ("<p>称为“甲”\n下一句。</p>", "<p>称为“甲”下一句。</p>"),
    ("<p>He said “yes.”\n“No,” she said.</p>", "<p>He said “yes.”\n“No,” she said.</p>"),
    # Latin on either side: the break stays (it reads as a space)
    ("<p>用 Excel\n打开。</p>", "<p>用 Excel\n打开。</p>"),
    ("<p>下载模板。\nExcel 与 WPS 均可。</p>", "<p>下载模板。\nExcel 与 WPS 均可。</p>"),
    ("<p>First sentence.\nSecond sentence.</p>", "<p>First sentence.\nSecond sentence.</p>"),
    ("<p>完成率 120%\n对应第 4 档。</p>", "<p>完成率 120%\n对应第 4 档。</p>"),
    # block structure and shown-as-typed text are left alone
    ("<p>第一段。</p>\n<p>第二段。</p>", "<p>第一段。</p>\n<p>第二段。</p>"),
    ("<ul>\n<li>一</li>\n<li>二</li>\n</ul>", "<ul>\n<li>一</li>\n<li>二</li>\n</ul>"),
    ("<pre><code>姓名\n张三\n</code></pre>", "<pre><code>姓名\n张三\n</code></pre>"),
    ("<p>之前。\n之后。</p><pre>甲\n乙</pre><p>再次。\n再次。</p>",
     "<p>之前。之后。</p><pre>甲\n乙</pre><p>再次。再次。</p>"),
    ("<script>const a = '甲';\n'乙';</script>", "<script>const a = '甲';\n'乙';</script>"),
    ("<textarea>姓名,完成率\n张三,120%</textarea>", "<textarea>姓名,完成率\n张三,120%</textarea>"),
    ("", ""),
]


@pytest.mark.parametrize(("html", "joined"), CASES)
def test_join_lines(html: str, joined: str) -> None:
    assert join_lines(html) == joined


def test_joining_is_idempotent_and_keeps_every_character_but_the_breaks() -> None:
    for html, _ in CASES:
        once = join_lines(html)
        assert join_lines(once) == once
        assert once.replace("\n", "").replace(" ", "") == html.replace("\n", "").replace(" ", "")
