"""mkdocs hook: the 繁體中文 (zh-Hant) edition, generated from the Chinese source.

mkdocs-static-i18n builds zh-Hant (the third language in mkdocs.yml) from the zh pages
(no page.zh-Hant.md exists: the plugin falls back to the default language's file), so
nothing is typed twice. While the zh-Hant edition is built (theme language "zh-Hant")
this hook turns it into Traditional characters with handbook.hant.convert (OpenCC s2tw
plus the reviewed policy terms):

- each page's Markdown, after the macros have written the policy values and forms into
  it, so the content, headings, anchors, table of contents and search entries are all
  Traditional;
- the finished HTML's visible text and tooltips outside scripts and styles: the words
  the templates add (site name, navigation section titles, palette tooltips, page
  owner and review dates, the "page not found" page). Most of that text is
  Traditional already (the page's own, Material's zh-Hant strings), and OpenCC run on
  Traditional text is not harmless (體系 -> 體係), so this goes through
  handbook.hant.reconvert (back to Simplified, then converted once);
- search segmentation: jieba knows Simplified words, so each run of Traditional
  characters is cut where jieba cuts its Simplified form (the index then has the same
  words as the zh edition's, in Traditional).
"""

from __future__ import annotations

import re
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from handbook import hant

# Material's search plugin marks jieba's cuts with zero-width spaces (its
# _segment_chinese); the same, with the cuts of the Simplified form.
HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]+")
# Scripts, styles and comments are left alone; of a tag, only the attributes a reader
# sees or hears are converted (never ids, hrefs, data-* or values).
PROTECTED = re.compile(r"(<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->|<[^>]*>)",
                       re.S | re.I)
LEFT_ALONE = re.compile(r"<(?:script\b|style\b|!--)", re.I)
SHOWN_ATTR = re.compile(r'(\s(?:title|aria-label|placeholder|alt|content)=")([^"]*)(")', re.I)


def building_hant(config: Any) -> bool:
    """Whether this build is the zh-Hant edition (mkdocs.yml sets its theme language)."""
    return str(config.theme.get("language") or "") == hant.LANG


def convert_html(html: str) -> str:
    """A finished page's visible text and shown attributes in Traditional characters."""
    parts = PROTECTED.split(html)
    for i, part in enumerate(parts):
        if not part:
            continue
        if i % 2 == 0:
            parts[i] = hant.reconvert(part)
        elif not LEFT_ALONE.match(part):
            parts[i] = SHOWN_ATTR.sub(lambda m: m[1] + hant.reconvert(m[2]) + m[3], part)
    return "".join(parts)


def segment(data: str) -> str:
    """The search plugin's Chinese segmentation for Traditional text: each Han run cut
    where jieba cuts its Simplified form, cuts marked by zero-width spaces."""
    import jieba

    def cut(match: re.Match[str]) -> str:
        words = hant.cut_as_simplified(match[0], jieba.cut)
        return "\u200b" + "\u200b".join(words) + "\u200b"

    return HAN_RUN.sub(cut, data).strip("\u200b")


# After mkdocs-static-i18n (priority -100) has applied the language's configuration and
# the search plugin (priority 0) has made this build's index.
@event_priority(-110)
def on_config(config: MkDocsConfig) -> None:
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    index = getattr(plugin, "search_index", None)
    # The index segments its entries (SearchIndex._segment_chinese); each build makes a
    # new one, so the other languages keep jieba's own segmentation.
    if index is not None and hasattr(index, "_segment_chinese") and building_hant(config):
        index._segment_chinese = segment


# After the macros (priority 0) have filled in the page.
@event_priority(-50)
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, **kwargs: Any) -> str:
    # reconvert, not convert: a macro that already writes Traditional text (the
    # calculators' zh-Hant catalog) is not converted twice (體系 -> 體係).
    return hant.reconvert(markdown) if building_hant(config) else markdown


# Early: other hooks (csp, precompress) read the final HTML.
@event_priority(50)
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return convert_html(output) if building_hant(config) else output


# Before hooks/not_found.py keeps the rendering of 404.html.
@event_priority(50)
def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    if template_name == "404.html" and building_hant(config):
        return convert_html(output)
    return output
