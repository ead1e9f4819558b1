"""計算根拠: the ordered steps that explain how an assessment arose."""

from __future__ import annotations

from typing import NamedTuple

# What the engine records while it computes: (code, label, amount, rule, source). A plain tuple is
# several times cheaper to build than a named one, and an assessment records a few dozen of them.
StepRow = tuple[str, str, int, str, str]
FIELDS = ("code", "label", "amount", "rule", "source")


class Step(NamedTuple):
    code: str  # stable machine name, e.g. "income.salary" or "levy.municipal"
    label: str  # Japanese label shown to the clerk and the taxpayer
    amount: int  # yen
    rule: str  # the rule applied, in words
    source: str  # legal source of the parameters used

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "label": self.label,
            "amount": self.amount,
            "rule": self.rule,
            "source": self.source,
        }
