"""The two documented errors of the package.

Every failure a user or a policy owner can cause surfaces as one of these. A user's
error carries a catalog message (every language in i18n.LANGUAGES); a policy owner's
names the file and key in English (with a Chinese gloss where one helps).
Anything else escaping a calculator is a bug.
"""

from __future__ import annotations

from .i18n import LANGUAGES, Msg


class CalculatorError(ValueError):
    """A bad input value: names the field and says what was expected.

    `CalculatorError(field, Msg("numbers.not_a_number", value=raw))`: the words come
    from the catalog, in every language.
    """

    def __init__(self, field: str, msg: Msg) -> None:
        self.field = field
        self.msg = msg
        super().__init__(field, msg)

    def __str__(self) -> str:
        # Worded when asked, not when raised: a batch file's bad rows raise thousands of
        # errors and words each distinct one once (calculators.batch._ErrorWords).
        return f"{self.field}: {self.en} / {self.zh}"

    @property
    def en(self) -> str:
        return self.message("en")

    @property
    def zh(self) -> str:
        return self.message("zh")

    def message(self, lang: str) -> str:
        return self.msg.text(lang)

    def as_dict(self) -> dict[str, str]:
        """{"field", "zh", "en", "zh-Hant", "id"}: the JSON error shape callers read."""
        return {"field": self.field, **{code: self.message(code) for code in LANGUAGES},
                "id": self.msg.id}


class PolicyError(ValueError):
    """A broken policy data file: one line naming the file, the key path and what was expected."""

    def __init__(self, file: str, path: str, en: str, zh: str = "") -> None:
        self.file = file
        self.path = path
        self.en = en
        self.zh = zh
        text = f"{file}: {path}: {en}" if path else f"{file}: {en}"
        super().__init__(f"{text} / {zh}" if zh else text)
