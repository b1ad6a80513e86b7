"""Reusable validated value types: ``Annotated[T, msgspec.Meta(...)]`` aliases.

msgspec checks them on decode (``msgspec.convert`` / ``decode``); its error names the expected
value and the path, e.g. ``Expected `float` >= 0.0 - at `$.value```.
"""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta

__all__ = [
    "Code",
    "Description",
    "HhMm",
    "IsoDateStr",
    "Latitude",
    "LongText",
    "Longitude",
    "NipStr",
    "NonNegative",
    "PeriodCode",
    "RecordId",
    "Sha256Hex",
    "ShortText",
    "UuidStr",
    "Year",
]

NonNegative = Annotated[float, Meta(ge=0, le=1e12)]
"""A quantity that cannot be negative (targets, realisations), at most 10^12 (a budget in
rupiah fits; an overflowing 1e308 or 10**30 does not)."""

NipStr = Annotated[str, Meta(pattern=r"^[0-9]{18}$")]
"""A NIP or NI PPPK as stored: exactly 18 digits, no spaces (see ``parse_nip`` for the rest)."""

Sha256Hex = Annotated[str, Meta(pattern=r"^[0-9a-f]{64}$")]
"""The lowercase hex sha256 of an evidence file: its content address."""

IsoDateStr = Annotated[str, Meta(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
"""A date written ``YYYY-MM-DD`` where a string is wanted (records use ``datetime.date``)."""

HhMm = Annotated[str, Meta(pattern=r"^(?:[01][0-9]|2[0-3]):[0-5][0-9]$")]
"""A time of day ``HH:MM``, 00:00 to 23:59."""

UuidStr = Annotated[
    str,
    Meta(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"),
]
"""A UUID in canonical lowercase form."""

RecordId = Annotated[
    str, Meta(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")
]
"""A reference to another record or to an item inside one: a UUID or a readable slug."""

Code = Annotated[str, Meta(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9][A-Za-z0-9_./-]*$")]
"""A short code such as a unit code ``"1.02.01"``."""

PeriodCode = Annotated[str, Meta(pattern=r"^[0-9]{4}(?:-T[1-4]|-M(?:0[1-9]|1[0-2]))?$")]
"""A period code: ``"2026"``, ``"2026-T1"`` or ``"2026-M03"``."""

Year = Annotated[int, Meta(ge=2000, le=2100)]
"""A performance year."""

ShortText = Annotated[str, Meta(min_length=1, max_length=200, pattern=r"\S")]
"""A name or title: 1 to 200 characters, not only spaces."""

Description = Annotated[str, Meta(min_length=1, max_length=2000, pattern=r"\S")]
"""A required free text (a log's description, an RHK, a reason): 1 to 2000 characters."""

LongText = Annotated[str, Meta(max_length=4000)]
"""An optional free text (notes, feedback, reflections): up to 4000 characters."""

Latitude = Annotated[float, Meta(ge=-90, le=90)]
Longitude = Annotated[float, Meta(ge=-180, le=180)]
