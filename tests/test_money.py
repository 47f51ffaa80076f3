"""Sums of money found in sentences: amounts, periods, qualifiers and spans."""

from __future__ import annotations

import pytest

from kg.money import find_money, split_sums


def found(text: str) -> list[tuple[str, float, str, str | None]]:
    """(span text, amount, period, qualifier) per mention, checking that spans index `text`."""
    out = []
    for m in find_money(text):
        assert text[m.start : m.end] == m.value.text
        out.append((m.value.text, m.value.amount_gbp, m.value.period, m.value.qualifier))
    return out


@pytest.mark.parametrize(
    ("text", "span", "amount"),
    [
        ("Westshire will spend £3million on buses.", "£3million", 3_000_000),
        ("Westshire will spend £3m on buses.", "£3m", 3_000_000),
        ("Westshire will spend £6.8m on buses.", "£6.8m", 6_800_000),
        ("Westshire will spend £2.25 million on buses.", "£2.25 million", 2_250_000),
        ("Westshire will spend £640,000 on buses.", "£640,000", 640_000),
        ("Westshire will spend £85k on buses.", "£85k", 85_000),
        ("Westshire will spend £1.7bn on buses.", "£1.7bn", 1_700_000_000),
        ("Westshire will spend £1.7 billion on buses.", "£1.7 billion", 1_700_000_000),
        ("Parents were charged £45 for the form.", "£45", 45),
        ("Parents were charged £12.50.", "£12.50", 12.5),
        ("Parents were charged £1,234.75 in all", "£1,234.75", 1234.75),
        ("The deficit is £9-12m this year.", "£9-12m", 9_000_000),
    ],
)
def test_amounts(text: str, span: str, amount: float) -> None:
    [(text_found, amount_found, _, _)] = found(text)
    assert (text_found, amount_found) == (span, amount)


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("Eastvale Borough Council will spend £2.75m a year on transport.", "per-year"),
        ("Eastvale Borough Council will spend £2.75m per year on transport.", "per-year"),
        ("Eastvale Borough Council will spend £2.75m each year on transport.", "per-year"),
        ("Eastvale Borough Council will spend £2.75m annually on transport.", "per-year"),
        ("Eastvale Borough Council will spend £2.75m per annum on transport.", "per-year"),
        ("The trust has put £2million a year into autism services.", "per-year"),
        ("The trust has put £2million into autism services each year.", "per-year"),
        ("It signed a £4m-a-year contract.", "per-year"),
        ("It has an annual budget of £19m for tutors.", "per-year"),
        ("Families got a one-off payment of £250.", "one-off"),
        ("Families got a one-off £250 grant.", "one-off"),
        ("Families got £250 as a one-off.", "one-off"),
        ("The programme cost £12m in total.", "total"),
        ("The programme cost a total of £12m.", "total"),
        ("The programme cost £12m overall.", "total"),
        ("The programme will cost £12m over four years.", "total"),
        ("Carers receive £400 a month.", "unknown"),
        ("The programme cost £12m.", "unknown"),
        ("It spent £2m a year ago on laptops.", "unknown"),
    ],
)
def test_periods(text: str, period: str) -> None:
    [(_, _, period_found, _)] = found(text)
    assert period_found == period


@pytest.mark.parametrize(
    ("text", "span", "qualifier"),
    [
        ("It will spend more than £2.75m on transport.", "more than £2.75m", "more than"),
        ("It will spend over £2.75m on transport.", "over £2.75m", "over"),
        ("It will spend almost £2.75m on transport.", "almost £2.75m", "almost"),
        ("It will spend nearly £2.75m on transport.", "nearly £2.75m", "nearly"),
        ("It will spend up to £2.75m on transport.", "up to £2.75m", "up to"),
        ("It will spend at least £2.75m on transport.", "at least £2.75m", "at least"),
        ("It will spend around £2.75m on transport.", "around £2.75m", "around"),
        ("It will spend about £2.75m on transport.", "about £2.75m", "about"),
        ("More than £2.75m will be spent.", "More than £2.75m", "more than"),
        ("It will spend £2.75m on transport.", "£2.75m", None),
    ],
)
def test_qualifiers_join_the_span(text: str, span: str, qualifier: str | None) -> None:
    [(text_found, _, _, qualifier_found)] = found(text)
    assert (text_found, qualifier_found) == (span, qualifier)


def test_each_sum_gets_its_own_period() -> None:
    text = "Westshire pays £300 a month, or £3,600 a year, and a one-off £90 fee."
    assert found(text) == [
        ("£300", 300, "unknown", None),
        ("£3,600", 3600, "per-year", None),
        ("£90", 90, "one-off", None),
    ]


def test_period_is_not_part_of_the_span() -> None:
    text = "Northmoor County Council will spend more than £1.15m a year on therapy."
    [m] = find_money(text)
    assert text[m.start : m.end] == "more than £1.15m"
    assert m.value.period == "per-year"


def test_no_false_sums() -> None:
    assert found("In 2021, 18 of 40 schools were full and 3 out of 4 plans were late.") == []
    assert found("She spent 30 more minutes with the panel.") == []


def test_seed_expressions() -> None:
    """The kinds of sum in the seed articles."""
    text = (
        "The ICB has been investing £1million a year in ADHD and autism services since 2021, "
        "and by January 2025 it will also be investing more than £4.4m in mental health services."
    )
    assert found(text) == [
        ("£1million", 1_000_000, "per-year", None),
        ("more than £4.4m", 4_400_000, "unknown", "more than"),
    ]


def test_money_given_for_a_deficit_is_not_a_deficit() -> None:
    given, deficits = split_sums("The ICB received £32m of deficit support funding from NHS "
                                 "England, against a forecast deficit of £96m.")
    assert ([m.value.amount_gbp for m in given], [m.value.amount_gbp for m, _ in deficits]) == (
        [32_000_000], [96_000_000])


@pytest.mark.parametrize("text", [
    "The council will ask for permission to borrow up to £18m this year.",
    "Spending on children's services ran £14.6m over budget this year.",
    "The authority faces a £23.2m gap next year.",
])
def test_borrowing_over_budget_and_a_gap_are_no_money_given(text: str) -> None:
    given, deficits = split_sums(text)
    assert (given, len(deficits)) == ([], 1)
