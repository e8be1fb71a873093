"""Identifier patterns with checksums and the column-name deny-list (python_hooks/identifiers.py).

Valid keys are computed here from the published rules, independently of python-stdnum:
NIR key = 97 - (13 digits mod 97) with 2A -> 19 and 2B -> 18 (privacy.md §6); FINESS and RPPS
keys are Luhn check digits; an IBAN is valid when its rearranged number is 1 mod 97.
"""

from __future__ import annotations

import pytest

from python_hooks.identifiers import denied_columns, find_identifiers


def nir_with_key(body: str) -> str:
    number = int(body.replace("2A", "19").replace("2B", "18"))
    return f"{body}{97 - number % 97:02d}"


def luhn_complete(body: str) -> str:
    """`body` followed by the digit that makes the whole number pass the Luhn test."""
    total = 0
    for position, digit in enumerate(int(char) for char in reversed(body)):
        doubled = digit * 2 if position % 2 == 0 else digit
        total += doubled - 9 if doubled > 9 else doubled
    return f"{body}{(10 - total % 10) % 10}"


def iban_is_valid(text: str) -> bool:
    compact = text.replace(" ", "")
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1


def kinds(text: str) -> list[str]:
    return [kind for kind, _ in find_identifiers(text)]


def test_key_helpers_agree_with_known_values():
    # privacy.md §6 measured examples; 130780521 is AP-HM's FINESS (seeds/finess_*.csv).
    assert nir_with_key("1841276451089") == "184127645108946"
    assert nir_with_key("253072B073004") == "253072B07300470"
    assert luhn_complete("13078052") == "130780521"
    assert iban_is_valid("FR76 3000 6000 0112 3456 7890 189")


@pytest.mark.parametrize(
    "value",
    [
        "1 84 12 76 451 089 46",
        "184127645108946",
        "253072B07300470",
        nir_with_key("269052A123456"),
        "NIR du patient : " + nir_with_key("1550375056001"),
    ],
)
def test_valid_nir_is_found(value):
    assert "FR_NIR" in kinds(value)


@pytest.mark.parametrize("value", ["184127645108999", "184127645108947", "253072B07300471"])
def test_nir_with_a_wrong_key_is_not_reported(value):
    assert find_identifiers(value) == []


def test_seventeen_character_pseudonym_is_found():
    assert kinds("patient A1B2C3D4E5F6G7H8J") == ["SNDS_PSEUDONYM_17"]


@pytest.mark.parametrize("value", ["Thromboembolismes", "A1B2C3D4E5F6G7H8JK", "A1B2C3D4E5F6G7H8"])
def test_word_of_17_letters_or_token_of_another_length_is_not_a_pseudonym(value):
    assert "SNDS_PSEUDONYM_17" not in kinds(value)


@pytest.mark.parametrize("value", [luhn_complete("75000123"), "130780521"])
def test_finess_number_with_luhn_key_is_found(value):
    assert kinds(f"Établissement {value}") == ["FINESS"]


def test_nine_digit_number_with_a_wrong_luhn_key_is_not_a_finess():
    valid = luhn_complete("75000123")
    wrong = valid[:-1] + str((int(valid[-1]) + 1) % 10)
    assert find_identifiers(wrong) == []


def test_rpps_number_with_luhn_key_is_found():
    assert kinds(luhn_complete("1000123456")) == ["RPPS"]


def test_eleven_digit_number_with_a_wrong_luhn_key_is_not_an_rpps():
    valid = luhn_complete("1000123456")
    wrong = valid[:-1] + str((int(valid[-1]) + 1) % 10)
    assert find_identifiers(wrong) == []


def test_email_address_is_found():
    assert kinds("contact : jean.dupont@chu-exemple.fr") == ["EMAIL_ADDRESS"]


@pytest.mark.parametrize("value", ["Tél : 06 12 34 56 78", "+33 1 23 45 67 89", "0612345678"])
def test_french_phone_number_is_found(value):
    assert kinds(value) == ["FR_PHONE"]


@pytest.mark.parametrize(
    "value", ["FR76 3000 6000 0112 3456 7890 189", "FR7630006000011234567890189"]
)
def test_iban_is_found(value):
    assert "IBAN" in kinds(value)


def test_iban_with_a_wrong_key_is_not_reported():
    assert not iban_is_valid("FR77 3000 6000 0112 3456 7890 189")
    assert "IBAN" not in kinds("FR77 3000 6000 0112 3456 7890 189")


@pytest.mark.parametrize("value", ["2023-01-15", "15/01/2023"])
def test_exact_calendar_date_is_found(value):
    assert kinds(value) == ["EXACT_DATE"]


@pytest.mark.parametrize("value", ["2023-02-30", "2023-01", "2023"])
def test_impossible_date_or_coarse_period_is_not_an_exact_date(value):
    assert find_identifiers(value) == []


@pytest.mark.parametrize(
    "value",
    [
        "Diabète de type 2",
        "Insuffisance cardiaque",
        "Seine-Saint-Denis",
        "Provence-Alpes-Côte d'Azur",
        "MET-MET+DPP4",
        "GLP1+SGLT2-INS",
        "1640",
        "2022",
        "75",
        "2A",
        "E11",
        "40-64",
        "0.4375",
    ],
)
def test_mart_vocabulary_holds_no_identifier(value):
    assert find_identifiers(value) == []


@pytest.mark.parametrize(
    "column",
    [
        "BEN_NIR_PSA",
        "ben_idt_ano",
        "commune",
        "code_commune_residence",
        "birth_month",
        "BEN_NAI_MOI",
        "mois_naissance",
        "EXE_SOI_DTD",
        "date_naissance",
        "death_date",
        "index_date",
        "care_date",
        "date_soins",
    ],
)
def test_identifying_column_name_is_denied(column):
    assert denied_columns([column]) == [column]


def test_published_dimension_and_count_names_are_not_denied():
    columns = [
        "year",
        "age_band",
        "sex",
        "departement",
        "region",
        "condition",
        "pathway",
        "n_patients",
        "n_dates",
        "is_suppressed",
    ]
    assert denied_columns(columns) == []
