"""The project's own wording is not a person name; a name outside it still is."""

from __future__ import annotations

import pytest

from python_hooks.vocabulary import is_project_wording, project_vocabulary


@pytest.mark.parametrize("label", [
    "Cardiology",  # seeds/follow_up_indicators.csv label_en words
    "one serum creatinine",
    "even care",  # a trajectory-type wording written in SQL
    "Seine-Saint-Denis",
])
def test_words_the_project_wrote_are_its_wording(label: str) -> None:
    assert is_project_wording(label)


@pytest.mark.parametrize("label", ["Jean Dupont", "Dr Marie Martin", "Dupont", "care Dupont"])
def test_a_name_outside_the_vocabulary_is_not(label: str) -> None:
    assert not is_project_wording(label)


def test_numbers_and_punctuation_alone_are_not_wording() -> None:
    assert not is_project_wording("1640")
    assert not is_project_wording("-")


def test_the_vocabulary_holds_seed_and_sql_words_only() -> None:
    vocabulary = project_vocabulary()
    assert {"cardiology", "metformin", "hospital", "even"} <= vocabulary
    assert "dupont" not in vocabulary
