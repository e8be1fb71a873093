"""PII scan of a release (python_hooks/pii_scan.py): deny-list, regexes, presidio offline.

The presidio engine with fr_core_news_sm takes seconds to build, so it is built once for this
module, with every socket connection and DNS look-up refused and recorded: the scan must work
with no network (privacy.md §6, tldextract trap).
"""

from __future__ import annotations

import socket
from pathlib import Path

import pandas as pd
import pytest

from python_hooks import pii_scan, vocabulary
from python_hooks.config import DisclosureConfig
from python_hooks.pii_scan import build_analyzer, check_pii, scan_values

REPOSITORY = Path(__file__).resolve().parents[2]
CONFIG = DisclosureConfig()
LABEL_ROLES = {"label": "dimension", "n_patients": "count"}


@pytest.fixture(scope="module")
def offline_engine():
    """(analyzer, network attempts, hits of a first e-mail scan), built with sockets refused."""
    attempts: list[str] = []

    def refuse(*args, **kwargs):
        attempts.append(repr(args[:2]))
        raise OSError("network access refused by the test")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", refuse)
        patch.setattr(socket, "getaddrinfo", refuse)
        analyzer = build_analyzer()
        email_hits = scan_values(["jean.dupont@chu-exemple.fr"], analyzer, CONFIG)
    return analyzer, attempts, email_hits


@pytest.fixture(scope="module")
def analyzer(offline_engine):
    return offline_engine[0]


def label_table(labels: list[str], counts: list[int] | None = None) -> pd.DataFrame:
    counts = counts if counts is not None else [120] * len(labels)
    return pd.DataFrame({"label": labels, "n_patients": counts})


def scan(table: pd.DataFrame, analyzer, roles: dict = LABEL_ROLES):
    return check_pii({"mart": (table, roles)}, CONFIG, analyzer)


def test_engine_builds_and_scans_an_email_without_any_network_attempt(offline_engine):
    _, attempts, email_hits = offline_engine
    assert attempts == []
    assert [entity for _, entity, _, _ in email_hits] == ["EMAIL_ADDRESS"]


@pytest.mark.parametrize(
    "name",
    [
        "Jean Dupont",
        "Dr Marie Martin",
        "Diabète de type 2 - Jean Dupont",
        "Cabinet du Dr Jean Dupont",
        "Maladie de Crohn, Dr Jean Dupont",
        "Consultation de Mme Durand",
    ],
)
def test_person_name_in_a_label_column_is_found_by_presidio(analyzer, name):
    result = scan(label_table(["Insuffisance cardiaque", name]), analyzer)
    assert not result.passed
    assert any("presidio PERSON" in failure for failure in result.failures)


def test_every_seeded_identifier_in_a_label_column_is_found(analyzer):
    seeded = [
        "1 84 12 76 451 089 46",
        "253072B07300470",
        "A1B2C3D4E5F6G7H8J",
        "130780521",  # FINESS of AP-HM (seeds), Luhn key 1
        "RPPS 10001234565",  # Luhn-valid 11 digits
        "jean.dupont@chu-exemple.fr",
        "Tél : 06 12 34 56 78",
        "FR76 3000 6000 0112 3456 7890 189",
    ]
    result = scan(label_table(["Diabète de type 2", *seeded]), analyzer)
    missed = [value for value in seeded if not any(value in f for f in result.failures)]
    assert missed == []
    assert not any("Diabète de type 2" in failure for failure in result.failures)


def test_nir_with_a_wrong_key_is_not_reported(analyzer):
    assert scan(label_table(["184127645108999"]), analyzer).passed


def test_exact_dates_in_a_date_typed_column_are_found(analyzer):
    table = label_table(["Diabète de type 2"])
    table["period"] = pd.to_datetime(["2023-01-15"])
    result = scan(table, analyzer, {**LABEL_ROLES, "period": "dimension"})
    assert any("EXACT_DATE" in failure for failure in result.failures)


def mart_vocabulary() -> list[str]:
    """Labels the marts publish: the geography referential, indicators, conditions, pathways."""
    geography = pd.read_csv(REPOSITORY / "seeds" / "ref_departements.csv", dtype=str)
    indicators = pd.read_csv(REPOSITORY / "seeds" / "follow_up_indicators.csv", dtype=str)
    conditions = [
        "Diabète de type 2",
        "Insuffisance cardiaque",
        "Maladie respiratoire chronique",
        "Insuffisance rénale chronique terminale",
        "Maladie de Parkinson",
        "Maladie de Crohn",
    ]
    pathways = ["MET", "MET-MET+DPP4", "MET+DPP4-INS", "GLP1+SGLT2", "LOOP-ACEI+BB-ARNI"]
    other = ["Hommes", "Femmes", "Ensemble", "40-64 ans", "1640", "1697", "2022"]
    return sorted(
        set(geography["departement_name"])
        | set(geography["region_name"])
        | set(indicators["label_fr"])
        | set(conditions + pathways + other)
    )


def test_clean_mart_vocabulary_passes_with_no_finding(analyzer):
    vocabulary = mart_vocabulary()
    assert {"Seine-Saint-Denis", "Île-de-France", "Lot", "Loiret"} <= set(vocabulary)
    counts = [1640, 1697, 11, 0] * (len(vocabulary) // 4) + [25] * (len(vocabulary) % 4)
    result = scan(label_table(vocabulary, counts), analyzer)
    assert result.failures == []
    assert result.passed


def test_without_the_geography_referential_place_names_are_reported(
    analyzer, monkeypatch, tmp_path
):
    # Fallback when the hooks run outside the repository (no referential, no seeds or SQL to
    # read the project's wording from): more hits, never fewer.
    monkeypatch.setattr(pii_scan, "GEOGRAPHY_REFERENTIAL", tmp_path / "missing.csv")
    monkeypatch.setattr(vocabulary, "PROJECT_DIR", tmp_path)
    pii_scan.public_place_names.cache_clear()
    vocabulary.project_vocabulary.cache_clear()
    try:
        result = scan(label_table(["Lot", "Loiret"]), analyzer)
    finally:
        pii_scan.public_place_names.cache_clear()
        vocabulary.project_vocabulary.cache_clear()
    assert not result.passed


@pytest.mark.parametrize(
    "column", ["BEN_NIR_PSA", "commune", "birth_month", "exe_soi_dtd", "index_date"]
)
def test_denied_column_name_fails(analyzer, column):
    table = label_table(["Diabète de type 2"])
    table[column] = ["x"]
    result = scan(table, analyzer, {**LABEL_ROLES, column: "dimension"})
    assert result.failures == [f"mart: denied column name {column!r}"]


def test_unknown_role_raises(analyzer):
    with pytest.raises(ValueError, match="unknown roles"):
        scan(label_table(["Diabète de type 2"]), analyzer, {**LABEL_ROLES, "label": "label"})


def test_declared_column_missing_from_table_raises(analyzer):
    with pytest.raises(ValueError, match="absent"):
        scan(label_table(["Diabète de type 2"]), analyzer, {**LABEL_ROLES, "sex": "dimension"})
