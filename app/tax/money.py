"""Exact money arithmetic: integer yen and rational rates (never floats).

Rates are written in the parameter files as strings ("0.06", "1/2") and parsed once into `Rate`,
which keeps an integer numerator and denominator so that a multiplication is two integer
operations and the rounding direction is explicit at every call site.
"""

from __future__ import annotations

import re
from fractions import Fraction

_RATE_TEXT = re.compile(r"^(?:\d+(?:\.\d+)?|\d+/[1-9]\d*)$")


class Rate:
    """A non-negative rational rate."""

    __slots__ = ("_fraction", "den", "num")

    def __init__(self, num: int, den: int = 1) -> None:
        if den <= 0 or num < 0:
            raise ValueError(f"invalid rate {num}/{den}")
        self._fraction = Fraction(num, den)  # normalised once; also gives num/den in lowest terms
        self.num = self._fraction.numerator
        self.den = self._fraction.denominator

    @classmethod
    def parse(cls, text: object) -> Rate:
        """Parse "0.06" or "1/2"; anything else (floats included) is refused."""
        if not isinstance(text, str) or not _RATE_TEXT.match(text):
            raise ValueError(f"a rate must be a decimal or fraction string, not {text!r}")
        value = Fraction(text)
        return cls(value.numerator, value.denominator)

    def floor(self, amount: int) -> int:
        """amount × rate, fractions of a yen dropped."""
        return amount * self.num // self.den

    def ceil(self, amount: int) -> int:
        """amount × rate, fractions of a yen rounded up."""
        return -((-amount * self.num) // self.den)

    def fraction(self) -> Fraction:
        return self._fraction

    def times(self, other: Rate) -> Rate:
        return Rate(self.num * other.num, self.den * other.den)

    def minus(self, other: Rate) -> Rate:
        return Rate(self.num * other.den - other.num * self.den, self.den * other.den)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Rate) and self.num * other.den == other.num * self.den

    def __hash__(self) -> int:
        return hash(self.fraction())

    def __repr__(self) -> str:
        return f"Rate({self.num}/{self.den})"

    def __str__(self) -> str:
        return str(self.fraction())


def floor_to(amount: int, unit: int) -> int:
    """Round down to a multiple of unit (amounts here are never negative)."""
    return amount // unit * unit


def ceil_div(num: int, den: int) -> int:
    """num / den rounded up (den > 0)."""
    return -((-num) // den)
