"""The words the project itself wrote: the vocabulary of labels no person's data can bring.

Mart labels are built from committed text only: seed values (indicator and treatment-class
labels, condition names, département and region names) and the string literals of the SQL
models and macros (trajectory state words such as 'GP follow-up' or 'even care'). The small
French NER model reads some of these words as person names ("Cardiology", "specialist"); a
PERSON hit made only of such words is the project's own wording, not a leak. A real name
would have to be committed in a seed or in SQL to pass, where review sees it.
"""

from __future__ import annotations

import functools
import logging
import re
from pathlib import Path

import pandas as pd

logger = logging.getLogger(__name__)

PROJECT_DIR = Path(__file__).resolve().parents[1]
_WORD = re.compile(r"[^\W\d_][\w'\-]*")
_SQL_LITERAL = re.compile(r"'([^'\n]*)'")


def words(text: str) -> list[str]:
    """Lower-case words of a text (letters first; digits and punctuation split them)."""
    return [word.lower() for word in _WORD.findall(text)]


def is_project_wording(text: str) -> bool:
    """True when every word of `text` belongs to the project's vocabulary (and there is one)."""
    found = words(text)
    return bool(found) and set(found) <= project_vocabulary()


@functools.cache
def project_vocabulary() -> frozenset[str]:
    """Words of every seed's text cells and of every SQL string literal, read once.

    Outside the repository (hooks installed alone) the set is empty: more hits, never fewer.
    """
    vocabulary: set[str] = set()
    for seed in sorted((PROJECT_DIR / "seeds").glob("*.csv")):
        table = pd.read_csv(seed, dtype=str, keep_default_na=False)
        for column in table.columns:
            for value in table[column].unique():
                vocabulary.update(words(value))
    for folder in ("models", "macros"):
        for sql_file in sorted((PROJECT_DIR / folder).rglob("*.sql")):
            for literal in _SQL_LITERAL.findall(sql_file.read_text(encoding="utf-8")):
                vocabulary.update(words(literal))
    if not vocabulary:
        logger.warning("no project vocabulary found under %s", PROJECT_DIR)
    return frozenset(vocabulary)
