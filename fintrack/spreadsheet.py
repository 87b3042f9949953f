"""CSV cells that a spreadsheet would run as formulas are written as text.

Article titles, event descriptions and claim sentences are untrusted text, and
fintrack writes them to CSV files that people open in Excel or LibreOffice. A
cell beginning with ``=``, ``@``, ``+`` or ``-`` (or a tab or carriage return)
is read there as a formula (OWASP "CSV injection"): such a text cell gets a
leading apostrophe, which spreadsheets show as text and do not evaluate.

Signed numbers written as text ("-5%", "+1,292.72%", "-0.031") are numbers,
not formulas, and are left as they are; numeric columns are never touched.
"""
from __future__ import annotations

import re

import pandas as pd

_FORMULA_START = re.compile(r"^[=@\t\r]|^[+-](?![\d.,]+%?$)")


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells cannot start a spreadsheet formula."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_numeric_dtype(out[column]) or pd.api.types.is_datetime64_any_dtype(out[column]):
            continue
        out[column] = out[column].map(
            lambda v: "'" + v if isinstance(v, str) and _FORMULA_START.match(v) else v)
    return out
