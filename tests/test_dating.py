"""Dates found in sentences: formats, anchoring on publication, approximation, false positives."""

from __future__ import annotations

import time

import pytest

from kg.dating import find_dates

WED = "2022-06-15T09:00"  # a Wednesday
SAT = "2023-11-25"  # a Saturday


def found(text: str, published: str | None) -> list[tuple[str, str | None, bool]]:
    """(span text, iso, approximate) per mention, checking that spans index `text`."""
    out = []
    for d in find_dates(text, published):
        assert text[d.start : d.end] == d.value.text
        out.append((d.value.text, d.value.iso, d.value.approximate))
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The report was published on 12 Feb 2021.", ("12 Feb 2021", "2021-02-12")),
        ("Plans are due by 3 October 2026.", ("3 October 2026", "2026-10-03")),
        ("The hearing was held on the 9th of May 2018.", ("9th of May 2018", "2018-05-09")),
        ("Inspectors arrived on October 3, 2026, unannounced.", ("October 3, 2026", "2026-10-03")),
        ("It opened on Sept 21st 2015.", ("Sept 21st 2015", "2015-09-21")),
        ("It closed on 4 Nov. 2019 for good.", ("4 Nov. 2019", "2019-11-04")),
        ("Minutes dated 2020-11-05 show it.", ("2020-11-05", "2020-11-05")),
        ("Minutes dated 05/11/2020 show it.", ("05/11/2020", "2020-11-05")),
        ("It met on Tuesday, 4 August 2020.", ("Tuesday, 4 August 2020", "2020-08-04")),
        ("A visit in October 2014 raised concerns.", ("October 2014", "2014-10")),
        ("It has been overspent since Feb 2013.", ("Feb 2013", "2013-02")),
        ("Spending has risen since 2011.", ("2011", "2011")),
        ("The service was rated inadequate in 2009.", ("2009", "2009")),
        ("The 2016 inspection found failings.", ("2016", "2016")),
        ("A new school opens in spring 2027.", ("2027", "2027")),
    ],
)
def test_absolute_dates_need_no_publication_date(
    text: str, expected: tuple[str, str | None]
) -> None:
    for published in (None, WED):
        assert found(text, published) == [(*expected, False)]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("On Monday, Westshire's service failed.", WED, ("Monday", "2022-06-13")),
        ("It was confirmed on Wednesday.", WED, ("Wednesday", "2022-06-15")),
        ("During Thursday's full council meeting, he spoke.", SAT, ("Thursday", "2023-11-23")),
        ("The panel met last Friday.", WED, ("last Friday", "2022-06-10")),
        ("The panel met last Wednesday.", WED, ("last Wednesday", "2022-06-08")),
        ("The board will meet on Tuesday.", WED, ("Tuesday", "2022-06-21")),
        ("The board is due to meet on Friday.", WED, ("Friday", "2022-06-17")),
        ("They’ll decide on Monday.", WED, ("Monday", "2022-06-20")),
        ("They meet next Monday.", WED, ("next Monday", "2022-06-20")),
        ("They meet on Thursday next week.", WED, ("Thursday next week", "2022-06-23")),
        ("It closed on Monday last week.", WED, ("Monday last week", "2022-06-06")),
        ("The council today published its plan.", WED, ("today", "2022-06-15")),
        ("The plan was published yesterday.", WED, ("yesterday", "2022-06-14")),
        ("Cabinet meets tomorrow.", SAT, ("tomorrow", "2023-11-26")),
        ("It was referred this month.", WED, ("this month", "2022-06")),
        ("It was referred last month.", "2023-01-10", ("last month", "2022-12")),
        ("It will be decided next month.", "2022-12-01", ("next month", "2023-01")),
        ("It overspent last year.", WED, ("last year", "2021")),
        ("It will overspend this year.", WED, ("this year", "2022")),
        ("Changes must happen by next year.", WED, ("next year", "2023")),
        ("A visit in March this year found problems.", WED, ("March this year", "2022-03")),
        ("Targets were missed in May last year.", WED, ("May last year", "2021-05")),
        ("The review was published in January.", WED, ("January", "2022-01")),
        ("The board meets for the first time in April.", WED, ("April", "2022-04")),
        ("She starts in July.", WED, ("July", "2022-07")),
        ("The plan was agreed last December.", WED, ("last December", "2021-12")),
        ("The plan was agreed last March.", WED, ("last March", "2022-03")),
        ("It reopens next February.", WED, ("next February", "2023-02")),
        ("Schools reopen on 5 September.", WED, ("5 September", "2022-09-05")),
    ],
)
def test_relative_dates_are_anchored_on_publication(
    text: str, published: str, expected: tuple[str, str | None]
) -> None:
    assert found(text, published) == [(*expected, False)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A monitoring visit will follow in about 18 months.", ("in about 18 months", "2023-12")),
        ("A full reinspection will be in about 3 years.", ("in about 3 years", "2025-06")),
        ("It reopens in two years' time.", ("in two years' time", "2024-06")),
        ("Results are due in a year's time.", ("in a year's time", "2023-06")),
        ("The plan comes back in six weeks' time.", ("in six weeks' time", "2022-07")),
        ("It was first flagged two years ago.", ("two years ago", "2020-06")),
        ("It was first flagged some 18 months ago.", ("some 18 months ago", "2020-12")),
        ("The review started a fortnight ago.", ("a fortnight ago", "2022-06")),
        ("Governors meet next week.", ("next week", "2022-06")),
        ("It was revealed earlier this week.", ("this week", "2022-06")),
        ("It opened around March 2021.", ("around March 2021", "2021-03")),
        ("It opened in roughly 2019.", ("roughly 2019", "2019")),
    ],
)
def test_offsets_weeks_and_hedged_dates_are_approximate(
    text: str, expected: tuple[str, str | None]
) -> None:
    assert found(text, WED) == [(*expected, True)]


def test_next_week_lands_in_the_month_a_week_later() -> None:
    assert found("Governors meet next week.", "2022-06-28") == [("next week", "2022-07", True)]


def test_days_offset_is_exact_unless_hedged() -> None:
    assert found("It was sent three days ago.", WED) == [("three days ago", "2022-06-12", False)]
    assert found("It was sent about three days ago.", WED) == [
        ("about three days ago", "2022-06-12", True)
    ]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("On Monday, Westshire's service failed.", "Monday"),
        ("They meet on Thursday next week.", "Thursday next week"),
        ("It was referred this month.", "this month"),
        ("Changes must happen by next year.", "next year"),
        ("A visit in March this year found problems.", "March this year"),
        ("The review was published in January.", "January"),
        ("The council today published its plan.", "today"),
        ("It was first flagged two years ago.", "two years ago"),
    ],
)
def test_relative_dates_without_publication_keep_text_and_no_iso(text: str, span: str) -> None:
    [(text_found, iso, _)] = found(text, None)
    assert (text_found, iso) == (span, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Schools reopen on 5 September.", ("5 September", "--09-05")),
        ("Harbridge councillors met on Tuesday 9 March.", ("Tuesday 9 March", "--03-09")),
        ("It was lodged on March 21, the ombudsman said.", ("March 21", "--03-21")),
    ],
)
def test_day_and_month_without_year_keep_their_precision(
    text: str, expected: tuple[str, str]
) -> None:
    assert found(text, None) == [(*expected, False)]
    assert found(text, WED)[0][1] == "2022" + expected[1][1:]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("Inspectors visited Westmoor between 8 and 12 September.", WED,
         ("8 and 12 September", "2022-09-08")),
        ("The visit ran from 16 June until 20 June 2021.", None,
         ("16 June until 20 June 2021", "2021-06-16")),
        ("The inspection took place on 3-7 October.", None, ("3-7 October", "--10-03")),
        ("Harbridge agreed a deal in 2020-21.", None, ("2020-21", "2020")),
        ("The SEND strategy for 2025-2028 was agreed.", None, ("2025-2028", "2025")),
        ("The 2023/24 budget was overspent.", None, ("2023/24", "2023")),
    ],
)
def test_ranges_are_dated_at_their_start(
    text: str, published: str | None, expected: tuple[str, str]
) -> None:
    assert found(text, published) == [(*expected, False)]


def test_earlier_in_the_year_is_the_publication_year() -> None:
    assert found("A good report came earlier in the year.", WED) == [
        ("earlier in the year", "2022", False)
    ]
    assert found("A good report came earlier this year.", None) == [
        ("earlier this year", None, False)
    ]


def test_across_two_months_starts_at_the_first() -> None:
    first = found("The visit took place across April and May.", WED)[0]
    assert first == ("April", "2022-04", False)


def test_offsets_without_publication_stay_approximate() -> None:
    assert found("A visit follows in about 18 months.", None) == [
        ("in about 18 months", None, True)
    ]


def test_unusable_publication_date_is_treated_as_missing() -> None:
    assert found("It overspent last year.", "sometime") == [("last year", None, False)]


def test_several_dates_in_order_without_overlap() -> None:
    text = "After a visit in June 2015 and again on 2 March 2017, it improved by 2020."
    assert found(text, None) == [
        ("June 2015", "2015-06", False),
        ("2 March 2017", "2017-03-02", False),
        ("2020", "2020", False),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The director may resign over the failings.",
        "May I say how sorry we are.",
        "Parents March on the town hall every year.",
        "Campaigners will march to County Hall.",
        "April Jones, a parent, said it was a disgrace.",
        "Theresa May visited the school.",
        "The Mayor of Westshire spoke.",
        "Only 18 of the plans were finished.",
        "Three out of four areas were not improving.",
        "It will cost £2.4m and 2,019 pupils are affected.",
        "The council will meet in the coming weeks.",
        "Plans should be issued within 20 weeks.",
        "Only half were issued in 20 weeks.",
        "Spending rose by 40% over the next year.",
        "It was reported in the Sunday Times.",
        "Interest in the 1990s was low.",
        "The figure was 4.2 per cent.",
    ],
)
def test_false_dates_are_not_reported(text: str) -> None:
    assert found(text, WED) == []


def test_seed_expressions() -> None:
    """The kinds of expression in the seed articles, with their published dates."""
    march_2019 = "2019-03-06T07:30"
    jan_2024 = "2024-01-30"
    assert found("On Monday, the service failed", march_2019) == [("Monday", "2019-03-04", False)]
    assert found("their visit in January this year found", march_2019) == [
        ("January this year", "2019-01", False)
    ]
    assert found("a monitoring inspection in about 18 months.", jan_2024) == [
        ("in about 18 months", "2025-07", True)
    ]
    assert found("Our next full reinspection will be in about 3 years.", jan_2024) == [
        ("in about 3 years", "2027-01", True)
    ]
    assert found("An Ofsted report, published in January, criticised", None) == [
        ("January", None, False)
    ]
    assert found("by January 2025 it will invest more than £4.4m, as it has since 2021", None) == [
        ("January 2025", "2025-01", False),
        ("2021", "2021", False),
    ]


def test_fast_enough() -> None:
    text = "On Monday the panel, which met in January 2017, said it would report in about 2 years."
    find_dates(text, WED)
    began = time.perf_counter()
    for _ in range(500):
        find_dates(text, WED)
    assert (time.perf_counter() - began) / 500 < 0.001


@pytest.mark.parametrize("text", [
    "It was rated inadequate for the second time in four years.",
    "Complaints reached their highest level in five years.",
])
def test_a_span_that_only_measures_time_is_no_date(text: str) -> None:
    assert find_dates(text, "2025-02-14") == []


def test_a_scheduled_present_is_the_next_weekday() -> None:
    [monday] = find_dates("The new director starts on Monday.", "2025-02-14")
    assert monday.value.iso == "2025-02-17"


@pytest.mark.parametrize(("text", "iso"), [
    ("Inspectors visited between 29 September and 10 October.", "2025-09-29"),
    ("The inspection ran from 28 December to 3 January 2025.", "2024-12-28"),
])
def test_a_range_across_months_starts_in_its_own_month(text: str, iso: str) -> None:
    assert [d.value.iso for d in find_dates(text, "2025-11-19")] == [iso]


@pytest.mark.parametrize(("published", "expected"),
                         [("2025-12-06", "2026"), ("2025-02-06", "2025")])
def test_the_new_year_is_next_year_when_said_late_in_one(published: str, expected: str) -> None:
    assert [d.value.iso for d in find_dates("It is due early in the new year.", published)] == [
        expected]


@pytest.mark.parametrize(("text", "published", "year"), [
    ("It was agreed last summer.", "2026-03-03", "2025"),
    ("It was agreed last summer.", "2025-10-10", "2025"),
    ("It opens next summer.", "2025-10-10", "2026"),
    ("It opens next summer.", "2026-03-03", "2026"),
    ("It closed last autumn.", "2025-10-10", "2024"),
])
def test_a_season_named_from_publication_is_its_year_roughly(text: str, published: str,
                                                             year: str) -> None:
    [found] = find_dates(text, published)
    assert (found.value.iso, found.value.approximate) == (year, True)
