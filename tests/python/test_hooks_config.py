"""Disclosure configuration (python_hooks/config.py): the k = 11 floor and strict parsing."""

from __future__ import annotations

import pytest

from python_hooks.config import DisclosureConfig


def test_defaults_are_the_project_thresholds():
    config = DisclosureConfig()
    assert config.k_min == 11
    assert config.risk_threshold == 0.09
    assert config.homogeneity_share == 0.95
    assert config.presidio_score == 0.5
    assert config.protection_width == 11


@pytest.mark.parametrize("k_min", [10, 5, 0])
def test_k_below_the_legal_floor_of_11_is_refused(k_min):
    with pytest.raises(ValueError, match="legal floor"):
        DisclosureConfig(k_min=k_min)


@pytest.mark.parametrize("k_min", [True, 11.0, "11"])
def test_k_that_is_not_an_integer_is_refused(k_min):
    with pytest.raises(ValueError, match="integer"):
        DisclosureConfig(k_min=k_min)


def test_k_may_be_raised():
    assert DisclosureConfig(k_min=15).protection_width == 15


def test_typo_in_a_configuration_key_is_refused_not_ignored():
    with pytest.raises(ValueError, match="kmin"):
        DisclosureConfig.from_mapping({"kmin": 5})


def test_mapping_keeps_defaults_for_missing_keys():
    config = DisclosureConfig.from_mapping({"audit_protection_width": 20})
    assert config.k_min == 11
    assert config.protection_width == 20
    assert config.to_dict()["audit_protection_width"] == 20


def test_empty_mapping_gives_the_defaults():
    assert DisclosureConfig.from_mapping(None) == DisclosureConfig()


@pytest.mark.parametrize(
    "values",
    [
        {"risk_threshold": 0},
        {"risk_threshold": 1.5},
        {"homogeneity_share": 0.5},
        {"presidio_score": -0.1},
        {"audit_protection_width": 0},
        {"total_marker": ""},
        {"presidio_batch_size": 0},
    ],
)
def test_out_of_range_settings_are_refused(values):
    with pytest.raises(ValueError):
        DisclosureConfig.from_mapping(values)
