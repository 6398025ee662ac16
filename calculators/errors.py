"""The two documented errors of the package.

Every failure a user or a policy owner can cause surfaces as one of these, with
a message in both languages. Anything else escaping a calculator is a bug.
"""

from __future__ import annotations


class CalculatorError(ValueError):
    """A bad input value: names the field and says what was expected, in zh and en."""

    def __init__(self, field: str, en: str, zh: str) -> None:
        self.field = field
        self.en = en
        self.zh = zh
        super().__init__(f"{field}: {en} / {zh}")

    def message(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "en": self.en, "zh": self.zh}


class PolicyError(ValueError):
    """A broken policy data file: one line naming the file, the key path and what was expected."""

    def __init__(self, file: str, path: str, en: str, zh: str = "") -> None:
        self.file = file
        self.path = path
        self.en = en
        self.zh = zh
        text = f"{file}: {path}: {en}" if path else f"{file}: {en}"
        super().__init__(f"{text} / {zh}" if zh else text)
