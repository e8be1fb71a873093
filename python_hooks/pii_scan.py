"""Identifier and PII scan of a release: column names, every cell, then presidio on labels.

Three layers (issue point d; privacy.md §6 "Strategy — scan distinct values"):

1. column-name deny-list (`identifiers.denied_columns`);
2. regexes with checksums (`identifiers.find_identifiers`) on the distinct values of every
   column except declared counts and measures (aggregate vocabularies are tiny, so distinct
   values cost far less than cells and find the same leaks);
3. presidio-analyzer with the French spaCy model on the distinct values of text columns, for
   what has no pattern: person names, plus presidio's own e-mail, IBAN, credit card, French
   phone and NIR recognizers as a second opinion.

Any hit fails the release.

presidio entity choice (measured on French medical labels, fr_core_news_sm 3.8.0): the small
model tags most capitalised labels as LOCATION ("Insuffisance cardiaque", "Metformine",
"Hommes") or ORGANIZATION ("Syndrome de Cushing"), so LOCATION and ORGANIZATION are not
scanned; département and region names are published dimensions anyway. PERSON is kept: it
found "Jean Dupont" and "Dr Marie Martin", and its false positives on our labels were
eponymous diseases ("Maladie de Parkinson"), which `_is_eponym` discards, and two département
names ("Lot", "Loiret"), discarded when the PERSON span is exactly a place name of the
project's geography referential (`seeds/ref_departements.csv`, see `public_place_names`), or
made only of words the project itself wrote in its seeds and SQL (`vocabulary.py`: English
labels such as "Cardiology" or "even care" read as names).
The model tags a name after a title in a longer label ("Cabinet du Dr Jean Dupont") as MISC,
which is ignored; a pattern recognizer for a title followed by a capitalised name
(`_TITLED_NAME_REGEX`) reports those as PERSON. DATE_TIME is left to the EXACT_DATE regex
because presidio flags plain years, which are dimensions.
"""

from __future__ import annotations

import functools
import logging
import re
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from python_hooks.config import DisclosureConfig
from python_hooks.identifiers import denied_columns, find_identifiers
from python_hooks.results import CheckResult, Table, finish
from python_hooks.roles import parse_roles
from python_hooks.vocabulary import is_project_wording

logger = logging.getLogger(__name__)

NAME = "pii"
LANGUAGE = "fr"
SPACY_MODEL = "fr_core_news_sm"

#: presidio entities whose hits fail the release (see the module docstring for the choice).
PRESIDIO_ENTITIES = (
    "PERSON",
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "IBAN_CODE",
    "CREDIT_CARD",
    "FR_NIR",
)

#: Head nouns of eponymous disease names: a PERSON hit after them is a disease, not a patient.
_EPONYM = re.compile(
    r"^\s*(maladie|syndrome|sclérose|chorée|ataxie|myopathie|lymphome|sarcome|tumeur|"
    r"thyroïdite|dystrophie|paralysie|anémie|démence|cardiopathie)s?\s+(de|d'|du|des)\s*"
    r"[\w'\-]+",
    re.IGNORECASE,
)

#: A title then one or two capitalised words ("Dr Jean Dupont", "Mme Durand", "Pr. Martin").
_TITLED_NAME_REGEX = (
    r"\b(?:(?:Dr|Docteur|Pr|Professeur|Mme|Madame|Mlle|Mademoiselle|Monsieur)\.?|M\.)"
    r"\s+[A-ZÀ-Ý][\w'\-]+(?:\s+[A-ZÀ-Ý][\w'\-]+)?"
)

#: Geography referential (département and region names), public vocabulary of the marts.
GEOGRAPHY_REFERENTIAL = (
    Path(__file__).resolve().parents[1] / "seeds" / "ref_departements.csv"
)

_PHONE_CONTEXT = ["tél", "tel", "téléphone", "telephone", "portable", "mobile", "numéro", "fax"]
_NIR_CONTEXT = ["nir", "sécurité sociale", "securite sociale", "insee", "sécu", "secu"]
_NIR_REGEX = (
    r"\b[1-478]\s?\d{2}\s?(0[1-9]|1[0-2]|[2-9]\d)\s?(\d{2}|2[AB])\s?\d{3}\s?\d{3}\s?\d{2}\b"
)


def build_analyzer() -> object:
    """Build the presidio `AnalyzerEngine` for French, fully offline. Slow (~6 s): build once.

    Explicit on purpose (STYLE.md §6): a bare `AnalyzerEngine()` loads an English model and
    `SpacyNlpEngine.load` downloads a missing model, so the French model is a pinned PyPI
    package and the NLP engine is configured here. tldextract, used by the e-mail recognizer,
    would try to download the Public Suffix List on its first call; an extractor with no
    suffix-list URL uses the copy bundled with the package instead (privacy.md §6).
    """
    import tldextract
    from presidio_analyzer import AnalyzerEngine, Pattern, PatternRecognizer, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_analyzer.predefined_recognizers import CreditCardRecognizer, PhoneRecognizer
    from stdnum.fr import nir

    tldextract.tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=())
    started = time.perf_counter()
    nlp_configuration = {
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": LANGUAGE, "model_name": SPACY_MODEL}],
        "ner_model_configuration": {
            "model_to_presidio_entity_mapping": {
                "PER": "PERSON",
                "LOC": "LOCATION",
                "ORG": "ORGANIZATION",
            },
            "labels_to_ignore": ["MISC"],
        },
    }
    nlp_engine = NlpEngineProvider(nlp_configuration=nlp_configuration).create_engine()
    registry = RecognizerRegistry(supported_languages=[LANGUAGE])
    registry.load_predefined_recognizers(languages=[LANGUAGE], nlp_engine=nlp_engine)
    # Default phone regions include the US; a four-digit count then scores 0.4 (privacy.md §6).
    registry.remove_recognizer("PhoneRecognizer", language=LANGUAGE)
    registry.add_recognizer(
        PhoneRecognizer(
            context=_PHONE_CONTEXT, supported_language=LANGUAGE, supported_regions=("FR",)
        )
    )
    registry.add_recognizer(CreditCardRecognizer(supported_language=LANGUAGE))
    nir_recognizer = PatternRecognizer(
        supported_entity="FR_NIR",
        name="FrNirRecognizer",
        supported_language=LANGUAGE,
        patterns=[Pattern("NIR", _NIR_REGEX, 0.5)],
        context=_NIR_CONTEXT,
    )
    # presidio raises a validated hit to 1.0 and drops a hit whose key is wrong.
    nir_recognizer.validate_result = lambda text: nir.is_valid(re.sub(r"\s", "", text))
    registry.add_recognizer(nir_recognizer)
    # Case-sensitive on purpose: presidio's default flags include IGNORECASE, which would read
    # any lower-case word after "m." or "pr" as a name.
    registry.add_recognizer(
        PatternRecognizer(
            supported_entity="PERSON",
            name="FrTitledNameRecognizer",
            supported_language=LANGUAGE,
            patterns=[Pattern("titled name", _TITLED_NAME_REGEX, 0.6)],
            global_regex_flags=re.DOTALL | re.MULTILINE,
        )
    )
    analyzer = AnalyzerEngine(
        nlp_engine=nlp_engine, registry=registry, supported_languages=[LANGUAGE]
    )
    logger.info("presidio analyzer (%s) built in %.1f s", SPACY_MODEL, time.perf_counter() - started)
    return analyzer


def scan_values(
    values: Iterable[str], analyzer: object, config: DisclosureConfig
) -> list[tuple[str, str, str, float]]:
    """presidio hits in `values`: (value, entity, matched text, score), eponyms removed."""
    from presidio_analyzer import BatchAnalyzerEngine

    texts = [value for value in values if value.strip()]
    if not texts:
        return []
    batch = BatchAnalyzerEngine(analyzer_engine=analyzer)
    results = batch.analyze_iterator(
        texts,
        language=LANGUAGE,
        batch_size=config.presidio_batch_size,
        entities=list(PRESIDIO_ENTITIES),
        score_threshold=config.presidio_score,
    )
    places = public_place_names()
    hits = []
    for text, found in zip(texts, results, strict=True):
        for result in found:
            span = text[result.start : result.end]
            if result.entity_type == "PERSON" and (
                span in places or _is_eponym(text, result.end) or is_project_wording(span)
            ):
                continue
            hits.append((text, result.entity_type, span, float(result.score)))
    return hits


@functools.cache
def public_place_names() -> frozenset[str]:
    """Département and region names of the geography referential, read once.

    The small French model tags some of them as PERSON ("Lot", "Loiret"); a PERSON span equal
    to one of them is a place. Without the referential (hooks installed outside the
    repository) the set is empty: more hits, never fewer.
    """
    if not GEOGRAPHY_REFERENTIAL.exists():
        logger.warning("geography referential %s not found", GEOGRAPHY_REFERENTIAL)
        return frozenset()
    referential = pd.read_csv(GEOGRAPHY_REFERENTIAL, dtype=str, keep_default_na=False)
    names = pd.concat([referential["departement_name"], referential["region_name"]])
    return frozenset(name for name in names if name)


def _is_eponym(text: str, end: int) -> bool:
    """True when a PERSON span ends within a leading eponym ("Maladie de Parkinson").

    A name later in the same value ("Maladie de Crohn, Dr Jean Dupont") is still reported.
    """
    match = _EPONYM.match(text)
    return bool(match) and end <= match.end()


def check_pii(
    tables: Mapping[str, Table], config: DisclosureConfig, analyzer: object
) -> CheckResult:
    """Run the three scan layers on every table; `analyzer` comes from `build_analyzer`."""
    started = time.perf_counter()
    failures: list[str] = []
    n_values = n_text_values = 0
    for name, (table, role_map) in tables.items():
        roles = parse_roles(role_map, table)
        failures += [f"{name}: denied column name {c!r}" for c in denied_columns(table.columns)]
        numeric = set(roles.numeric) | {config.suppressed_flag}
        for column in [c for c in table.columns if c not in numeric]:
            # LIMITATION: count and measure columns are not scanned; an identifier stored in
            # one would need a non-numeric value, which the threshold check rejects.
            distinct = _distinct_text(table[column])
            n_values += len(distinct)
            for value in distinct:
                failures += [
                    f"{name}.{column}: {kind} {match!r} in value {value!r}"
                    for kind, match in find_identifiers(value)
                ]
            if _is_text(table[column]):
                n_text_values += len(distinct)
                failures += [
                    f"{name}.{column}: presidio {entity} {span!r} (score {score:.2f}) "
                    f"in value {value!r}"
                    for value, entity, span, score in scan_values(distinct, analyzer, config)
                ]
    figures = {
        "n_distinct_values_scanned": n_values,
        "n_text_values_presidio": n_text_values,
        "presidio_entities": list(PRESIDIO_ENTITIES),
        "presidio_score": config.presidio_score,
        "seconds": round(time.perf_counter() - started, 3),
    }
    logger.info("PII scan: %d distinct values, %d hits", n_values, len(failures))
    return finish(NAME, figures, failures)


def _distinct_text(values: pd.Series) -> list[str]:
    return [str(value) for value in pd.unique(values.dropna())]


def _is_text(values: pd.Series) -> bool:
    return pd.api.types.is_object_dtype(values.dtype) or pd.api.types.is_string_dtype(
        values.dtype
    )
