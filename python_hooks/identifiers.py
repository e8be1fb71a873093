"""Direct and indirect identifiers: a column-name deny-list and cell regexes with checksums.

Pseudonymised data remain personal data, and SNDS outputs must carry no beneficiary or
health-professional identifier, even encrypted (privacy.md §1 "Training best practice", §6).
Each pattern below is paired with its checksum where one exists, so that a random number of
the right length does not fail a release while a real identifier always does:

* NIR: 13 characters + key = 97 - (number mod 97), Corsica 2A/2B (`stdnum.fr.nir`);
* SNDS pseudonyms (BEN_NIR_PSA, NIR_ANO_17, BEN_IDT_ANO): 17 alphanumeric characters with
  at least one digit; there is no checksum, so every such token counts;
* FINESS establishment number: 9 characters (département + 6 digits + Luhn key);
* RPPS professional number: 11 digits, Luhn key;
* IBAN: country, mod-97 key (`stdnum.iban`);
* e-mail address and French phone number (no checksum; the patterns are specific enough);
* exact calendar dates (ISO or dd/mm/yyyy), which pathway marts must coarsen (privacy.md §5.4).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from stdnum import iban, luhn
from stdnum.fr import nir

#: Column names that must never appear in a mart, lower-cased (SNDS names and generic ones).
DENY_COLUMNS = frozenset(
    {
        "ben_nir_psa", "ben_nir_ano", "nir_ano_17", "ben_idt_ano", "ben_nir_idt", "nir",
        "ben_rng_gem", "num_enq", "id_patient", "patient_id", "person_id",
        "pfs_exe_num", "pfs_pre_num", "prs_nat_ref_num", "psp_spe_cod_num", "rpps",
        "num_rpps", "adeli", "eta_num", "eta_num_geo", "finess", "num_finess", "rsa_num",
        "ben_nai_moi", "ben_nai_ann_moi", "birth_month", "birth_date", "date_naissance",
        "ben_dcd_dte", "death_date", "exe_soi_dtd", "exe_soi_dtf", "flx_dis_dtd",
        "ben_res_com", "commune", "code_commune", "insee_commune", "code_postal",
        "postal_code", "nom", "prenom", "first_name", "last_name", "email", "telephone",
        "phone", "adresse", "address", "iban",
    }
)  # fmt: skip

#: Column-name fragments that mark an exact date, a birth month or a commune.
DENY_FRAGMENTS = ("_dte", "_dtd", "_dtf", "birth", "naissance", "commune", "nir_")

#: Exact-date column names in the project's own convention (`index_date`, `care_date`,
#: `date_soins`): a name that is `date`, starts with `date_` or ends with `_date`.
_DATE_NAME = re.compile(r"^(?:date|date_.*|.*_date)$")


def denied_columns(columns: Iterable[str]) -> list[str]:
    """Columns whose name is on the deny-list, contains a denied fragment or names a date."""
    hits = []
    for column in columns:
        lowered = str(column).lower()
        if (
            lowered in DENY_COLUMNS
            or any(part in lowered for part in DENY_FRAGMENTS)
            or _DATE_NAME.match(lowered)
        ):
            hits.append(str(column))
    return hits


@dataclass(frozen=True)
class IdentifierPattern:
    """A regex and the validator a match must pass to count as an identifier."""

    name: str
    regex: re.Pattern[str]
    validate: Callable[[str], bool]


def _digits(text: str) -> str:
    return re.sub(r"[\s.\-]", "", text)


def _finess(text: str) -> bool:
    # FINESS keys are Luhn over the 9 characters, Corsican 2A/2B read as 20 (INSEE practice).
    compact = _digits(text).upper().replace("2A", "20").replace("2B", "20")
    return compact.isdigit() and luhn.is_valid(compact)


def _rpps(text: str) -> bool:
    compact = _digits(text)
    return len(compact) == 11 and luhn.is_valid(compact)


def _calendar_date(text: str) -> bool:
    parts = re.findall(r"\d+", text)
    year, month, day = (parts[0], parts[1], parts[2]) if len(parts[0]) == 4 else parts[::-1]
    try:
        date(int(year), int(month), int(day))
    except ValueError:
        return False
    return True


_NOT_ALNUM_BEFORE = r"(?<![0-9A-Za-z])"
_NOT_ALNUM_AFTER = r"(?![0-9A-Za-z])"

PATTERNS: tuple[IdentifierPattern, ...] = (
    IdentifierPattern(
        "FR_NIR",
        re.compile(
            _NOT_ALNUM_BEFORE
            + r"[1-478]\s?\d{2}\s?(?:0[1-9]|1[0-2]|[2-9]\d)\s?(?:\d{2}|2[ABab])"
            + r"\s?\d{3}\s?\d{3}\s?\d{2}"
            + _NOT_ALNUM_AFTER
        ),
        lambda text: nir.is_valid(_digits(text)),
    ),
    IdentifierPattern(
        "SNDS_PSEUDONYM_17",
        re.compile(_NOT_ALNUM_BEFORE + r"(?=[A-Za-z]*\d)[0-9A-Za-z]{17}" + _NOT_ALNUM_AFTER),
        lambda text: True,
    ),
    IdentifierPattern(
        "FINESS",
        re.compile(_NOT_ALNUM_BEFORE + r"(?:\d{2}|2[AB])\d{7}" + _NOT_ALNUM_AFTER),
        _finess,
    ),
    IdentifierPattern(
        "RPPS", re.compile(_NOT_ALNUM_BEFORE + r"\d{11}" + _NOT_ALNUM_AFTER), _rpps
    ),
    IdentifierPattern(
        "IBAN",
        re.compile(
            _NOT_ALNUM_BEFORE + r"[A-Z]{2}\d{2}(?:\s?[0-9A-Z]{4}){2,7}(?:\s?[0-9A-Z]{1,3})?"
            + _NOT_ALNUM_AFTER
        ),
        lambda text: iban.is_valid(_digits(text)),
    ),
    IdentifierPattern(
        "EMAIL_ADDRESS",
        re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[A-Za-z]{2,}"),
        lambda text: True,
    ),
    IdentifierPattern(
        "FR_PHONE",
        re.compile(r"(?<![\d+])(?:\+33\s?|0033\s?|0)[1-9](?:[\s.\-]?\d{2}){4}(?!\d)"),
        lambda text: True,
    ),
    IdentifierPattern(
        "EXACT_DATE",
        re.compile(
            r"(?<!\d)(?:(?:19|20)\d{2}-\d{2}-\d{2}|\d{2}/\d{2}/(?:19|20)\d{2})(?!\d)"
        ),
        _calendar_date,
    ),
)


def find_identifiers(text: str) -> list[tuple[str, str]]:
    """All validated identifier matches in one value, as (pattern name, matched text)."""
    hits = []
    for pattern in PATTERNS:
        for match in pattern.regex.finditer(text):
            if pattern.validate(match.group(0)):
                hits.append((pattern.name, match.group(0)))
    return hits
