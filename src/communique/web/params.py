"""What a valid row id is in a request, said once for every route of the API and the HTML pages.

SQLite stores ids as signed 64-bit integers and binding a larger Python int raises OverflowError, so an id
outside 1..2^63-1 is refused while the request is validated: 422 with the app's usual error body, never a 500.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

MAX_ROW_ID = 2**63 - 1  # the largest SQLite INTEGER
MAX_ROW_ID_DIGITS = len(str(MAX_ROW_ID))

# Ids are assigned from 1 upwards, so 0 and negative numbers name no row either.
RowId = Annotated[int, Field(ge=1, le=MAX_ROW_ID)]


def parse_row_id(value: str) -> int | None:
    """The row id written in value (ASCII digits, 1..2^63-1), or None when value is not one.

    For the HTML forms, whose empty fields arrive as strings: `str.isdigit` alone accepts "²" and "١",
    and int() of a 5,000-digit string raises, so both are checked before converting."""
    if not (value.isascii() and value.isdigit()) or len(value) > MAX_ROW_ID_DIGITS:
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ROW_ID else None
