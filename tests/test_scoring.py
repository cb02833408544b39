"""Grades, rounding and formula scores."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from authoring.questionnaire.numbers import percent_of, round_half_up
from authoring.jurisdiction.profile import load_profile
from authoring.jurisdiction.scoring import grade_for, matches


@pytest.mark.parametrize("total, grade", [
    ("100", "优"), ("90", "优"), ("90.00", "优"), ("89.99", "良"), ("80", "良"),
    ("79.99", "中"), ("60", "中"), ("59.99", "差"), ("0", "差"),
])
def test_national_grade_boundaries(total, grade):
    assert grade_for(D(total), load_profile("national").profile) == grade


@pytest.mark.parametrize("total, grade", [
    ("85", "优秀"), ("84.99", "良好"), ("75", "良好"), ("74.99", "一般"), ("60", "一般"), ("59.9", "较差"),
])
def test_hebei_grade_boundaries(total, grade):
    assert grade_for(D(total), load_profile("hebei").profile) == grade


@pytest.mark.parametrize("value, places, expected", [
    ("2.675", 2, "2.68"),   # float would give 2.67
    ("0.125", 2, "0.13"),   # banker's rounding would give 0.12
    ("98.785", 2, "98.79"),
    ("93.45", 1, "93.5"),
    ("9.995", 2, "10.00"),
])
def test_round_half_up(value, places, expected):
    assert str(round_half_up(D(value), places)) == expected


def test_execution_rate_foshan():
    assert percent_of(D("4754.99"), D("4813.40")) == D("98.79")
    assert percent_of(D("2824.00"), D("3013.08")) == D("93.72")


@pytest.mark.parametrize("stated, computed, ok", [
    ("10", "10", True), ("10", "9.88", False), ("9.9", "9.88", True), ("9.88", "9.88", True),
    ("9.8", "9.88", False), ("4.9", "4.90", True),
])
def test_stated_score_matches_computed(stated, computed, ok):
    assert matches(D(stated), D(computed)) is ok
