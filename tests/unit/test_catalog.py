"""The message catalog: every language has the same ids with the same placeholders,
the generated zh-Hant catalog is current, and messages render in each language."""

from __future__ import annotations

import importlib.util

import pytest

from calculators.i18n import DEFAULT, LANGUAGES, Msg, catalog, language, pick, placeholders, t


@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code != DEFAULT])
def test_same_ids_as_the_source_language(lang: str) -> None:
    source, other = catalog(DEFAULT), catalog(lang)
    assert sorted(set(source) - set(other)) == [], f"missing in {lang}.toml"
    assert sorted(set(other) - set(source)) == [], f"only in {lang}.toml"


@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code != DEFAULT])
def test_same_placeholders_as_the_source_language(lang: str) -> None:
    source, other = catalog(DEFAULT), catalog(lang)
    differ = {
        key: (sorted(placeholders(source[key])), sorted(placeholders(other[key])))
        for key in source
        if key in other and placeholders(source[key]) != placeholders(other[key])
    }
    assert differ == {}


@pytest.mark.skipif(importlib.util.find_spec("opencc") is None,
                    reason="OpenCC is a build dependency (make test installs it)")
def test_generated_zh_hant_catalog_is_current() -> None:
    from handbook.hant import CATALOG_DIR, catalog_text, data_catalog_text

    assert (CATALOG_DIR / "zh-Hant.toml").read_text("utf-8") == catalog_text(), (
        "run: python -m handbook.hant catalog")
    assert (CATALOG_DIR / "zh-Hant-data.toml").read_text("utf-8") == data_catalog_text(), (
        "run: python -m handbook.hant catalog")


def test_policy_data_texts_in_each_language() -> None:
    texts = {"zh": "人力资源部", "en": "HR"}
    assert [pick(texts, code) for code in ("zh", "en", "zh-Hant")] == [
        "人力资源部", "HR", "人力資源部"]


@pytest.mark.parametrize(("given", "expected"), [
    ("zh", "zh"), ("en", "en"), ("zh-Hant", "zh-Hant"), ("zh_hant", "zh-Hant"),
    ("zh-TW", "zh-Hant"), ("zh-HK", "zh-Hant"), ("en-GB", "en"), ("fr", "zh"), (None, "zh"),
    ("", "zh"),
])
def test_language_normalisation(given: object, expected: str) -> None:
    assert language(given) == expected


def test_a_message_renders_in_every_language_and_nests() -> None:
    texts = Msg("common.steps").texts()
    assert set(texts) == set(LANGUAGES)
    assert texts["zh"] != texts["en"]
    assert t("common.steps", "fr") == texts["zh"]  # unknown language: the default


def test_an_unknown_id_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        t("no.such.id", "en")
