"""shared_models.record_rules.log_value_problem: a count's progress log holds a whole number
(the rule the form and the device ask through whole_numbers_only, and the server applies)."""

from __future__ import annotations

from typing import Any

import pytest

from shared_models.record_rules import LOG_VALUE_FIELDS, log_value_problem

COUNT = {"target_unit": "kunjungan", "text": "Jumlah kunjungan rumah", "aspect": "kuantitas"}
HOURS = {"target_unit": "jam", "text": "Jam pelatihan", "aspect": "kuantitas"}
LEVEL = {"target_unit": "%", "text": "Persentase ibu hamil K4", "aspect": "kualitas"}


def _problem(value: Any, indicator: dict[str, Any] | None, **kw: Any) -> Any:
    kw.setdefault("created", True)
    return log_value_problem({"value": value}, indicator, kw.pop("changed", ()), **kw)


def test_a_fraction_of_a_count_is_named_with_its_unit_and_the_decimal_comma() -> None:
    problem = _problem(1.5, COUNT)
    assert problem is not None
    assert problem.field == "$.value"
    assert problem.message == "jumlah kunjungan harus bilangan bulat, bukan 1,5"


@pytest.mark.parametrize(
    ("value", "indicator"),
    [
        (3, COUNT),
        (3.0, COUNT),
        (1.5, HOURS),
        (87.5, LEVEL),
        (1.5, {**COUNT, "aggregation": "rata_rata"}),
    ],
)
def test_whole_counts_measures_and_levels_pass(value: float, indicator: dict[str, Any]) -> None:
    assert _problem(value, indicator) is None


def test_no_indicator_or_no_number_is_left_to_other_checks() -> None:
    assert _problem(1.5, None) is None
    assert _problem("1.5", COUNT) is None
    assert _problem(True, COUNT) is None


def test_only_a_write_of_the_value_or_its_indicator_is_judged() -> None:
    assert _problem(1.5, COUNT, created=False, changed=["supervisor_comment"]) is None
    for name in LOG_VALUE_FIELDS:
        assert _problem(1.5, COUNT, created=False, changed=[name]) is not None
