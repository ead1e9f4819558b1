"""§5 collection: payroll withholding (§5.1), ordinary instalments and due dates (§5.3), holidays."""

from __future__ import annotations

from datetime import date

import pytest

from app.i18n import UserError
from app.tax.holidays import holidays, is_holiday
from app.tax.profile import load_profile
from app.tax.schedule import (
    next_business_day,
    ordinary,
    ordinary_after_switch,
    payroll,
    payroll_due_dates,
    payroll_remaining,
    regular_due_dates,
)

HANAMAKI = load_profile("hanamaki")


def test_payroll_monthly_rounded_june_takes_rest() -> None:
    months = payroll(241_500, HANAMAKI)
    assert months == [20_400] + [20_100] * 11
    assert sum(months) == 241_500


@pytest.mark.parametrize("annual", [0, 1, 1_199])
def test_payroll_small_amount_all_in_june(annual: int) -> None:
    assert payroll(annual, HANAMAKI) == [annual] + [0] * 11


def test_payroll_1200_is_spread() -> None:
    assert payroll(1_200, HANAMAKI) == [100] * 12


def test_payroll_mid_year_change() -> None:
    # new annual 300,000 after 80,700 collected over June–September: 8 months remain
    months, refund = payroll_remaining(300_000, 80_700, 8, HANAMAKI)
    assert months == [219_300 - 27_400 * 7] + [27_400] * 7 and refund == 0
    assert payroll_remaining(50_000, 80_700, 8, HANAMAKI) == ([0] * 8, 30_700)
    assert payroll_remaining(81_000, 80_700, 8, HANAMAKI) == ([300] + [0] * 7, 0)


def test_ordinary_regular_instalments_2025() -> None:
    inst = ordinary(241_500, 2025, HANAMAKI)
    assert inst.amounts == [61_500, 60_000, 60_000, 60_000]
    # 31 August 2025 is a Sunday; 31 January 2026 a Saturday
    assert inst.due_dates == [date(2025, 6, 30), date(2025, 9, 1), date(2025, 10, 31), date(2026, 2, 2)]


def test_ordinary_after_switch_example() -> None:
    # §5.3: annual 241,500 withheld June–September (80,700), notice 2025-10-15
    collected = sum(payroll(241_500, HANAMAKI)[:4])
    assert collected == 80_700
    inst = ordinary_after_switch(241_500 - collected, date(2025, 10, 15), 2025, HANAMAKI)
    assert inst.amounts == [80_800, 80_000]
    assert inst.due_dates == [date(2025, 10, 31), date(2026, 2, 2)]


def test_notice_period_is_ten_days() -> None:
    # 2025-10-21 + 10 days = 2025-10-31: still in time; 2025-10-22 is not
    assert len(ordinary_after_switch(100_000, date(2025, 10, 21), 2025, HANAMAKI).due_dates) == 2
    assert len(ordinary_after_switch(100_000, date(2025, 10, 22), 2025, HANAMAKI).due_dates) == 1


@pytest.mark.parametrize(
    ("notice", "due"),
    [(date(2026, 1, 25), date(2026, 3, 2)),  # end of February 2026 is a Saturday
     (date(2025, 12, 20), date(2026, 2, 2))],  # 31 January 2026 is a Saturday,
)
def test_none_left_gives_end_of_next_month(notice: date, due: date) -> None:
    # no regular due date ahead for tax_year 2024 → one extra due date
    inst = ordinary_after_switch(50_500, notice, 2024, HANAMAKI)
    assert inst.amounts == [50_500]
    assert inst.due_dates == [due]


def test_payroll_remittance_by_the_10th() -> None:
    dates = payroll_due_dates(2025, HANAMAKI)
    assert dates[0] == date(2025, 7, 10)
    assert dates[1] == date(2025, 8, 12)  # 10 Aug Sunday, 11 Aug 山の日
    assert dates[6] == date(2026, 1, 13)  # 10 Jan Saturday, 12 Jan 成人の日
    assert dates[11] == date(2026, 6, 10)


def test_year_end_closure() -> None:
    assert next_business_day(date(2025, 12, 29), HANAMAKI) == date(2026, 1, 5)
    assert regular_due_dates(2026, HANAMAKI)[3] == date(2027, 2, 1)  # 31 Jan 2027 is a Sunday


def test_holidays_2025_and_2026_by_rule() -> None:
    h25 = holidays(2025)
    assert h25[date(2025, 1, 13)] == "成人の日"  # second Monday
    assert h25[date(2025, 2, 24)] == "振替休日"  # 天皇誕生日 on Sunday
    assert h25[date(2025, 3, 20)] == "春分の日"
    assert h25[date(2025, 5, 6)] == "振替休日"  # みどりの日 on Sunday → first day not a holiday
    assert h25[date(2025, 9, 23)] == "秋分の日"
    assert h25[date(2025, 11, 24)] == "振替休日"
    assert len(h25) == 19
    h26 = holidays(2026)
    assert h26[date(2026, 9, 22)] == "国民の休日"  # between 敬老の日 and 秋分の日
    assert h26[date(2026, 3, 20)] == "春分の日"
    assert len(h26) == 18
    assert is_holiday(date(2027, 3, 21)) and is_holiday(date(2027, 3, 22))  # 春分 on Sunday → substitute


def test_holiday_overrides_2021() -> None:
    h = holidays(2021)
    assert h[date(2021, 7, 22)] == "海の日" and h[date(2021, 7, 23)] == "スポーツの日"
    assert h[date(2021, 8, 8)] == "山の日" and h[date(2021, 8, 9)] == "振替休日"


def test_holidays_outside_the_rules_refused() -> None:
    with pytest.raises(UserError) as info:
        holidays(2019)
    assert info.value.field == "tax_year"
