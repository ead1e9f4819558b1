"""Tax credits (§4.7) per 市 and 県, each rounded up to the yen and capped at what is left.

Order: 調整控除, 配当控除, 住宅借入金等特別税額控除, then the near-line reduction of 附則3条の3, then
寄附金税額控除 (basic, special, one-stop), 外国税額控除 and 配当割額・株式等譲渡所得割額控除.
"""

from __future__ import annotations

from app.tax.money import Rate, ceil_div
from app.tax.params import CityType, SideRates, YearParams


class Sides:
    """A pair of amounts (市, 県) that only ever shrink as credits are taken."""

    __slots__ = ("municipal", "prefectural")

    def __init__(self, municipal: int, prefectural: int) -> None:
        self.municipal = municipal
        self.prefectural = prefectural

    def take(self, municipal: int, prefectural: int) -> tuple[int, int]:
        """Take each credit up to what is left on its side; returns what was taken."""
        m = min(municipal, self.municipal)
        pr = min(prefectural, self.prefectural)
        self.municipal -= m
        self.prefectural -= pr
        return m, pr

    @property
    def total(self) -> int:
        return self.municipal + self.prefectural


def adjustment_base(diff: int, taxable: int, p: YearParams) -> int:
    """The amount the adjustment-credit rates apply to (T = 課税総所得金額等, D = 人的控除額の差)."""
    if taxable <= p.adj_threshold:
        return min(diff, taxable)
    return max(diff - (taxable - p.adj_threshold), p.adj_minimum)


def adjustment(diff: int, taxable: int, ct: CityType, p: YearParams) -> tuple[int, int]:
    base = adjustment_base(diff, taxable, p)
    return ct.adjustment_rate.municipal.ceil(base), ct.adjustment_rate.prefectural.ceil(base)


def dividend(dividends: int, taxable_all: int, ct: CityType, p: YearParams) -> tuple[int, int]:
    """配当控除: the part of the dividends above 1,000万円 of 課税総所得金額等 gets half the rate."""
    over = min(dividends, max(0, taxable_all - p.dividend_threshold))
    within = dividends - over
    out = []
    for w, o in (
        (ct.dividend_within.municipal, ct.dividend_over.municipal),
        (ct.dividend_within.prefectural, ct.dividend_over.prefectural),
    ):
        out.append(ceil_div(w.num * within * o.den + o.num * over * w.den, w.den * o.den))
    return out[0], out[1]


def income_tax_basic_excess(total_income: int, p: YearParams) -> int:
    """How far the income-tax 基礎控除 exceeds the 480,000 reference (地方税法314条の7第11項)."""
    for limit, amount in p.it_basic_bands:
        if limit is None or total_income <= limit:
            return max(0, amount - p.it_basic_reference)
    raise AssertionError("the parameter schema guarantees an open last bracket")  # pragma: no cover


def housing(
    unabsorbed: int, it_taxable: int, special: bool, excess: int, share: SideRates, p: YearParams
) -> tuple[int, int]:
    rate, cap = (p.housing_special_rate, p.housing_special_cap) if special else (p.housing_rate, p.housing_cap)
    limit = min(rate.floor(it_taxable + excess), cap)
    credit = min(unabsorbed, limit)
    return share.municipal.ceil(credit), share.prefectural.ceil(credit)


def near_line_reduction(base: int, line: int, left: Sides, rates: SideRates) -> tuple[int, int]:
    """附則3条の3: just above the line, 総所得金額等 − 所得割 may not fall below the line.

    The shortfall comes off 市 and 県 in the ratio of their income-levy rates."""
    shortfall = line - (base - left.total)
    if shortfall <= 0:
        return 0, 0
    mr, pr = rates.municipal, rates.prefectural
    m = ceil_div(shortfall * mr.num * pr.den, mr.num * pr.den + pr.num * mr.den)
    return m, max(0, shortfall - m)


def special_bracket(amount: int, p: YearParams) -> tuple[Rate, Rate]:
    """(special rate, one-stop factor) for (課税総所得金額 − 人的控除額の差): the income-tax rate m of that
    amount gives 90 % − m × 1.021; a negative amount gives 90 % (m = 0)."""
    for limit, special, factor in p.special_brackets:
        if limit is None or amount <= limit:
            return special, factor
    raise AssertionError("the parameter schema guarantees an open last bracket")  # pragma: no cover


def donation_basic(
    hometown: int, chest: int, city: int, pref: int, base: int, share: SideRates, p: YearParams
) -> tuple[int, int]:
    """Basic part: (min(donations, 30 % of 総所得金額等) − 2,000) × 10 %, shared 市/県.

    City-designated donations count on the 市 side only, prefecture-designated on the 県 side only."""
    cap = p.donation_income_cap.floor(base)
    rate = p.donation_basic_rate
    out = []
    for eligible, side in ((hometown + chest + city, share.municipal), (hometown + chest + pref, share.prefectural)):
        amount = min(eligible, cap) - p.donation_floor
        out.append(ceil_div(amount * rate.num * side.num, rate.den * side.den) if amount > 0 else 0)
    return out[0], out[1]


def donation_special(
    hometown: int, rate: Rate, after_adjustment: tuple[int, int], share: SideRates, p: YearParams
) -> tuple[int, int]:
    """Special part for hometown donations, (donation − 2,000) × rate, capped at 20 % of each side's
    levy after 調整控除."""
    if hometown <= p.donation_floor:
        return 0, 0
    base = hometown - p.donation_floor
    cap = p.donation_special_cap
    out = []
    for side, levy in ((share.municipal, after_adjustment[0]), (share.prefectural, after_adjustment[1])):
        num, den = base * rate.num * side.num, rate.den * side.den
        cap_num = levy * cap.num
        # the smaller of special × share and 20 % of the levy, then rounded up
        out.append(ceil_div(num, den) if num * cap.den <= cap_num * den else ceil_div(cap_num, cap.den))
    return out[0], out[1]


def one_stop(special: tuple[int, int], factor: Rate) -> tuple[int, int]:
    """申告特例控除額: special × (m × 1.021) / (90 % − m × 1.021)."""
    return factor.ceil(special[0]), factor.ceil(special[1])


def split(amount: int, share: SideRates) -> tuple[int, int]:
    return share.municipal.ceil(amount), share.prefectural.ceil(amount)
