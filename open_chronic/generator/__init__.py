"""Synthetic SNDS extract generator: raw tables with planted pitfalls and their truth.

See `docs/raw_to_staging_contract.md` for what the truth promises and `extract.py` for the
entry point.
"""

from open_chronic.generator.extract import GenerationSummary, generate_extract

__all__ = ["GenerationSummary", "generate_extract"]
