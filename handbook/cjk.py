"""Chinese text without a space at each source line break.

The handbook's Markdown has one sentence per line. Markdown keeps each line break, and
Chromium renders a line break between two Chinese characters as a space (CSS leaves that
to the browser; Chromium does not drop it), so every Chinese paragraph showed a gap after
each full stop: "另存为 PDF。 使用浏览器…". `join_lines` removes a line break that has
Chinese text on both sides (inline tags such as a link or bold text may stand between),
outside <pre>, <script>, <style> and <textarea>. A break next to Latin text stays a
space ("使用 Excel" reads with one).

    >>> join_lines("<p>第一句。\\n第二句。</p>")
    '<p>第一句。第二句。</p>'
"""

from __future__ import annotations

import re

# Chinese characters and the punctuation written with them: CJK punctuation, ideographs
# (with extension A and compatibility ideographs), fullwidth forms (，：；！？（）％).
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_INLINE = r"(?:a|abbr|b|code|em|i|kbd|mark|span|strong|sub|sup)"
# A curly quote counts when it closes Chinese text before the break (“甲”) or opens it
# after (“月度拆解”): in English text it does not.
_BREAK = re.compile(
    rf"(?:(?<=[{_CJK}])|(?<=[{_CJK}][\u201d\u2019]))((?:</{_INLINE}>)*)[ \t]*\n[ \t]*"
    rf"(?=(?:<{_INLINE}\b[^>]*>)*[\u201c\u2018]?[{_CJK}])")
# Where text is shown as typed (or is not text): left alone.
_KEEP = re.compile(r"(<(pre|script|style|textarea)\b.*?</\2\s*>)", re.S | re.I)


def join_lines(html: str) -> str:
    """`html` with each line break between Chinese text removed (see the module)."""
    parts = _KEEP.split(html)
    # split() with two groups: text, whole kept element, its tag name, text, ...
    out = []
    for i in range(0, len(parts), 3):
        out.append(_BREAK.sub(r"\1", parts[i]))
        if i + 1 < len(parts):
            out.append(parts[i + 1])
    return "".join(out)
