"""§5.2 change notices, the ordinary→payroll switch, mid-year tax changes and §5.4 pension withholding,
with hand-checked amounts and dates; totals preserved to the yen (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.tax import pension_withholding as pension
from app.tax.collection_change import (
    KINDS,
    ChangeError,
    MonthAmount,
    change,
    month_index,
    switch_to_payroll,
    tax_change,
    tax_year_of,
)
from app.tax.holidays import holidays
from app.tax.profile import load_profile
from app.tax.schedule import is_business_day, ordinary

HANAMAKI = load_profile("hanamaki")
SETTINGS = settings(max_examples=300, deadline=None, database=None)


def ordinary_pairs(res: object) -> list[tuple[date, int]]:
    inst = res.ordinary  # type: ignore[attr-defined]
    return list(zip(inst.due_dates, inst.amounts, strict=True))


# -------------------------------------------------------------------------------- retirement → ordinary


def test_september_retirement_domain_example() -> None:
    # §5.3: 241,500 withheld June–September (20,400 + 3 × 20,100 = 80,700), notice 2025-10-15
    res = change(241_500, 9, "retire", date(2025, 10, 15), HANAMAKI)
    assert res.collected == 80_700
    assert ordinary_pairs(res) == [(date(2025, 10, 31), 80_800), (date(2026, 2, 2), 80_000)]
    assert res.payroll == () and res.lump_sum is None and res.total == 241_500


def test_september_retirement_hand_checked() -> None:
    # 100,000: monthly floor(100,000/12/100)×100 = 8,300, June 100,000 − 8,300×11 = 8,700.
    # Through September 8,700 + 3×8,300 = 33,600; rest 66,400 over 31 Oct and 2 Feb (31 Jan 2026 is
    # a Saturday): floor(66,400/2/1,000)×1,000 = 33,000, the first takes 33,400.
    res = change(100_000, 9, "retire", date(2025, 9, 25), HANAMAKI)
    assert res.collected == 33_600
    assert ordinary_pairs(res) == [(date(2025, 10, 31), 33_400), (date(2026, 2, 2), 33_000)]


def test_nothing_collected_yet_uses_all_four_due_dates() -> None:
    # notice 20 June: 30 June is exactly the 10-day notice period away
    res = change(241_500, 0, "leave", date(2025, 6, 20), HANAMAKI)
    assert res.collected == 0
    assert ordinary_pairs(res) == [(date(2025, 6, 30), 61_500), (date(2025, 9, 1), 60_000),
                                   (date(2025, 10, 31), 60_000), (date(2026, 2, 2), 60_000)]


def test_all_collected_leaves_nothing() -> None:
    res = change(241_500, 5, "retire", date(2026, 5, 20), HANAMAKI, final_pay=1)
    assert (res.collected, res.payroll, res.ordinary.amounts, res.lump_sum) == (241_500, (), [], None)


def test_due_date_on_a_holiday_moves() -> None:
    # Tax year 2028 (令和10年度), 120,000 = 12 × 10,000, leave after February 2029: 90,000 collected.
    # Notice 2029-03-10: every regular due date has passed → one extra due date at the end of April
    # 2029; 30 April 2029 is a 振替休日 (29 April is a Sunday) → Tuesday 1 May 2029.
    assert holidays(2029)[date(2029, 4, 30)] == "振替休日"
    res = change(120_000, 2, "leave", date(2029, 3, 10), HANAMAKI)
    assert res.tax_year == 2028 and res.collected == 90_000
    assert ordinary_pairs(res) == [(date(2029, 5, 1), 30_000)]


# -------------------------------------------------------------------------------- transfer


def test_transfer_continuing_next_month() -> None:
    res = change(241_500, 9, "transfer", date(2025, 10, 15), HANAMAKI, new_employer_from=10)
    assert res.collected == 80_700
    assert res.payroll == tuple(MonthAmount(y, m, 20_100) for y, m in
                                [(2025, 10), (2025, 11), (2025, 12), (2026, 1), (2026, 2), (2026, 3), (2026, 4),
                                 (2026, 5)])
    assert res.ordinary.amounts == [] and res.lump_sum is None and res.total == 241_500


def test_transfer_with_a_gap_month_respreads() -> None:
    # 100,000 through September (33,600); rest 66,400 over November–May (7 months):
    # floor(66,400/7/100)×100 = 9,400, November takes 66,400 − 6×9,400 = 10,000.
    res = change(100_000, 9, "transfer", date(2025, 10, 20), HANAMAKI, new_employer_from=11)
    assert [m.amount for m in res.payroll] == [10_000] + [9_400] * 6
    assert res.payroll[0] == MonthAmount(2025, 11, 10_000) and res.payroll[-1] == MonthAmount(2026, 5, 9_400)


def test_transfer_must_start_after_the_last_month_collected() -> None:
    with pytest.raises(ChangeError) as err:
        change(100_000, 9, "transfer", date(2025, 10, 20), HANAMAKI, new_employer_from=9)
    assert err.value.code == "new_employer_from"
    with pytest.raises(ChangeError):
        change(100_000, 9, "retire", date(2025, 10, 20), HANAMAKI, new_employer_from=10)
    with pytest.raises(ChangeError):
        change(100_000, 9, "transfer", date(2025, 10, 20), HANAMAKI)


# -------------------------------------------------------------------------------- lump sum


def test_january_retirement_mandatory_lump_sum() -> None:
    # through January: 20,400 + 7 × 20,100 = 161,100; rest 80,400 = February–May
    res = change(241_500, 1, "retire", date(2026, 1, 20), HANAMAKI, final_pay=300_000)
    assert (res.collected, res.lump_sum, res.ordinary.amounts, res.payroll) == (161_100, 80_400, [], ())


def test_lump_sum_rule_uses_the_change_date() -> None:
    # retired 31 January, notice received 5 February: still the 1 January–30 April rule
    res = change(241_500, 1, "retire", date(2026, 2, 5), HANAMAKI, final_pay=80_400,
                 change_date=date(2026, 1, 31))
    assert res.lump_sum == 80_400


@pytest.mark.parametrize(("final_pay", "declined"), [(None, False), (80_399, False), (300_000, True)])
def test_january_retirement_without_lump_sum(final_pay: int | None, declined: bool) -> None:
    # the final pay unknown or short, or the person asked otherwise → ordinary (2 Feb 2026 still ≥ 10 days)
    res = change(241_500, 1, "retire", date(2026, 1, 20), HANAMAKI, final_pay=final_pay,
                 lump_sum_declined=declined)
    assert res.lump_sum is None and ordinary_pairs(res) == [(date(2026, 2, 2), 80_400)]


def test_january_death_is_not_a_mandatory_lump_sum() -> None:
    res = change(241_500, 1, "death", date(2026, 1, 20), HANAMAKI, final_pay=300_000)
    assert res.lump_sum is None and ordinary_pairs(res) == [(date(2026, 2, 2), 80_400)]


def test_december_retirement_is_not_mandatory_but_can_be_requested() -> None:
    # through December 20,400 + 6 × 20,100 = 141,000; rest 100,500
    res = change(241_500, 12, "retire", date(2025, 12, 20), HANAMAKI, final_pay=500_000)
    assert res.lump_sum is None and ordinary_pairs(res) == [(date(2026, 2, 2), 100_500)]
    asked = change(241_500, 12, "lump_sum", date(2025, 12, 20), HANAMAKI, final_pay=500_000)
    assert asked.lump_sum == 100_500 and asked.ordinary.amounts == []


def test_requested_lump_sum_must_be_covered() -> None:
    with pytest.raises(ChangeError) as err:
        change(241_500, 12, "lump_sum", date(2025, 12, 20), HANAMAKI, final_pay=100_499)
    assert err.value.code == "final_pay"


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [({"annual": -1}, "annual"), ({"kind": "moved"}, "kind"), ({"final_pay": -1}, "final_pay")],
)
def test_bad_arguments(kwargs: dict[str, object], code: str) -> None:
    args: dict[str, object] = {"annual": 100_000, "kind": "retire", "final_pay": None} | kwargs
    with pytest.raises(ChangeError) as err:
        change(args["annual"], 9, args["kind"], date(2025, 10, 1), HANAMAKI,  # type: ignore[arg-type]
               final_pay=args["final_pay"])  # type: ignore[arg-type]
    assert err.value.code == code


def test_month_index_and_tax_year() -> None:
    assert tax_year_of(date(2026, 5, 31), HANAMAKI) == 2025 and tax_year_of(date(2026, 6, 1), HANAMAKI) == 2026
    assert month_index(2025, 6, HANAMAKI) == 0 and month_index(2025, 5, HANAMAKI) == 11
    with pytest.raises(ChangeError):
        month_index(2025, 13, HANAMAKI)


# -------------------------------------------------------------------------------- property: yen preserved

notice_dates = st.dates(min_value=date(2025, 6, 1), max_value=date(2031, 5, 31))


@st.composite
def changes(draw: st.DrawFn) -> dict[str, object]:
    notice = draw(notice_dates)
    kind = draw(st.sampled_from(KINDS))
    order = [6, 7, 8, 9, 10, 11, 12, 1, 2, 3, 4, 5]
    paid = draw(st.integers(0, 11))
    through = 0 if paid == 0 else order[paid - 1]
    args: dict[str, object] = {
        "annual": draw(st.integers(0, 20_000_000)), "through": through, "kind": kind, "notice": notice,
        "final_pay": draw(st.none() | st.integers(0, 30_000_000)),
        "declined": draw(st.booleans()),
        "new_from": order[draw(st.integers(paid, 11))] if kind == "transfer" else None,
    }
    return args


@SETTINGS
@given(changes())
def test_every_change_preserves_the_annual_tax(c: dict[str, object]) -> None:
    notice = c["notice"]
    assert isinstance(notice, date)
    try:
        res = change(c["annual"], c["through"], c["kind"], notice, HANAMAKI,  # type: ignore[arg-type]
                     final_pay=c["final_pay"], new_employer_from=c["new_from"],  # type: ignore[arg-type]
                     lump_sum_declined=bool(c["declined"]))
    except ChangeError as exc:  # only a requested lump sum that the final pay does not cover
        assert exc.code == "final_pay" and c["kind"] == "lump_sum"
        return
    assert res.total == c["annual"]
    assert all(m.amount >= 0 for m in res.payroll) and all(a >= 0 for a in res.ordinary.amounts)
    for i, amount in enumerate(res.ordinary.amounts[1:]):
        assert amount % HANAMAKI.ordinary_unit == 0 and amount <= res.ordinary.amounts[0], i
    for m in res.payroll[1:]:
        assert m.amount % HANAMAKI.payroll_unit == 0
    dates = res.ordinary.due_dates
    assert all(is_business_day(d, HANAMAKI) for d in dates) and dates == sorted(dates)
    if len(dates) > 1 or (dates and dates[0].day > 7):
        # regular due dates: all at least the notice period away
        assert all(d >= notice + timedelta(days=HANAMAKI.notice_days) for d in dates)
    assert (res.lump_sum is not None) <= (res.ordinary.amounts == [] and res.payroll == ())


# -------------------------------------------------------------------------------- ordinary → payroll


def test_switch_to_payroll_after_two_instalments() -> None:
    # ordinary 241,500: 61,500 (30 Jun), 60,000 (1 Sep), 60,000 (31 Oct), 60,000 (2 Feb).
    # Request on 15 September: the first two are due; 120,000 withheld October–May, 15,000 a month.
    sw = switch_to_payroll(241_500, date(2025, 9, 15), HANAMAKI)
    assert sw.ordinary_kept.amounts == [61_500, 60_000]
    assert sw.payroll[0] == MonthAmount(2025, 10, 15_000) and len(sw.payroll) == 8
    assert {m.amount for m in sw.payroll} == {15_000} and sw.total == 241_500


def test_switch_to_payroll_hand_rounded() -> None:
    # 100,000 ordinary: 25,000 × 4. Request 10 July: 75,000 over August–May (10): 7,500 each.
    sw = switch_to_payroll(100_000, date(2025, 7, 10), HANAMAKI)
    assert sw.ordinary_kept.amounts == [25_000] and [m.amount for m in sw.payroll] == [7_500] * 10
    # 100,100 ordinary: 25,100 + 3 × 25,000; request 2 Nov: 25,000 over Dec–May: floor(4,166/100)×100
    sw = switch_to_payroll(100_100, date(2025, 11, 2), HANAMAKI)
    assert [m.amount for m in sw.payroll] == [25_000 - 4_100 * 5] + [4_100] * 5


@pytest.mark.parametrize(("annual", "notice"), [(100_000, date(2026, 5, 10)), (0, date(2025, 7, 1)),
                                                 (-1, date(2025, 7, 1))])
def test_switch_impossible(annual: int, notice: date) -> None:
    with pytest.raises(ChangeError):
        switch_to_payroll(annual, notice, HANAMAKI)


@SETTINGS
@given(st.integers(1, 20_000_000), st.dates(min_value=date(2025, 6, 1), max_value=date(2027, 3, 31)))
def test_switch_preserves_the_annual_tax(annual: int, notice: date) -> None:
    try:
        sw = switch_to_payroll(annual, notice, HANAMAKI)
    except ChangeError:
        plan = ordinary(annual, tax_year_of(notice, HANAMAKI), HANAMAKI)
        left = sum(a for a, d in zip(plan.amounts, plan.due_dates, strict=True) if d > notice)
        assert notice.month in (4, 5) or left == 0  # no month or nothing left to move
        return
    assert sw.total == annual and all(m.amount >= 0 for m in sw.payroll)


# -------------------------------------------------------------------------------- mid-year tax change


def test_tax_change_up_and_down() -> None:
    up = tax_change(241_500, 300_000, 2025, 4, HANAMAKI)
    assert up.collected == 80_700 and up.refund == 0
    assert [m.amount for m in up.months] == [27_500] + [27_400] * 7 and up.months[0] == MonthAmount(2025, 10, 27_500)
    down = tax_change(241_500, 50_000, 2025, 4, HANAMAKI)
    assert down.refund == 30_700 and {m.amount for m in down.months} == {0} and down.total == 50_000


@pytest.mark.parametrize(("old", "new", "paid"), [(-1, 0, 1), (0, -1, 1), (1, 1, 12), (1, 1, -1)])
def test_tax_change_refused(old: int, new: int, paid: int) -> None:
    with pytest.raises(ChangeError):
        tax_change(old, new, 2025, paid, HANAMAKI)


@SETTINGS
@given(st.integers(0, 20_000_000), st.integers(0, 20_000_000), st.integers(0, 11))
def test_tax_change_preserves_the_new_tax(old: int, new: int, paid: int) -> None:
    res = tax_change(old, new, 2025, paid, HANAMAKI)
    assert res.total == new and res.refund >= 0 and len(res.months) == 12 - paid


# -------------------------------------------------------------------------------- pension withholding


def test_pension_continuing_year() -> None:
    # last year 50,000: 仮徴収 floor(50,000/6/100)×100 = 8,300 in April, June, August (24,900).
    # This year 61,000: 本徴収 36,100 / 3 → 12,000, October takes 12,100.
    plan = pension.continuing(61_000, 50_000, 2025)
    assert plan.provisional == (MonthAmount(2025, 4, 8_300), MonthAmount(2025, 6, 8_300), MonthAmount(2025, 8, 8_300))
    assert plan.main == (MonthAmount(2025, 10, 12_100), MonthAmount(2025, 12, 12_000), MonthAmount(2026, 2, 12_000))
    assert plan.total == 61_000 and plan.refund == 0 and plan.withheld == 61_000


def test_pension_provisional_above_the_tax_is_refunded() -> None:
    plan = pension.continuing(50_000, 120_000, 2025)
    assert plan.withheld == 60_000 and plan.refund == 10_000 and plan.total == 50_000
    assert [m.amount for m in plan.main] == [0, 0, 0]
    assert [m.amount for m in pension.continuing(250, 0, 2025).main] == [250, 0, 0]


def test_pension_first_year() -> None:
    # 61,000: withheld floor(61,000/6/100)×100 = 10,100 in Oct, Dec, Feb (30,300); ordinary 30,700
    # in June and August: 15,000 each, June takes 15,700 (31 Aug 2025 is a Sunday → 1 Sep).
    plan = pension.first_year(61_000, 2025, HANAMAKI)
    assert [m.amount for m in plan.main] == [10_100] * 3 and plan.provisional == ()
    assert plan.ordinary.amounts == [15_700, 15_000]
    assert plan.ordinary.due_dates == [date(2025, 6, 30), date(2025, 9, 1)] and plan.total == 61_000


def test_pension_stopped_goes_to_ordinary() -> None:
    plan = pension.continuing(61_000, 50_000, 2025)
    # withheld April, June, August, October: 24,900 + 12,100 = 37,000; rest 24,000 due 2 Feb 2026
    withheld, rest = pension.stopped(plan, 4, date(2025, 11, 10), HANAMAKI)
    assert withheld == 37_000 and rest.amounts == [24_000] and rest.due_dates == [date(2026, 2, 2)]
    assert pension.stopped(plan, 6, date(2026, 3, 1), HANAMAKI) == (61_000, rest.__class__([], []))
    with pytest.raises(ChangeError):
        pension.stopped(plan, 7, date(2026, 3, 1), HANAMAKI)


@pytest.mark.parametrize("call", [lambda: pension.continuing(-1, 0, 2025), lambda: pension.continuing(0, -1, 2025),
                                  lambda: pension.first_year(-1, 2025, HANAMAKI)])
def test_pension_negative_refused(call: object) -> None:
    with pytest.raises(ChangeError):
        call()  # type: ignore[operator]


@SETTINGS
@given(st.integers(0, 20_000_000), st.integers(0, 20_000_000), st.integers(0, 6))
def test_pension_totals(annual: int, previous: int, stop_after: int) -> None:
    plan = pension.continuing(annual, previous, 2025)
    assert plan.total == annual
    first = pension.first_year(annual, 2025, HANAMAKI)
    assert first.total == annual
    withheld, rest = pension.stopped(plan, stop_after, date(2025, 6, 1) + timedelta(days=60 * stop_after), HANAMAKI)
    assert withheld + sum(rest.amounts) == max(annual, withheld)
