"""The reusable validated value types accept what they should and name what they refuse."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from shared_models import (
    Code,
    Description,
    HhMm,
    IsoDateStr,
    Latitude,
    Longitude,
    LongText,
    NipStr,
    NonNegative,
    PeriodCode,
    RecordId,
    Sha256Hex,
    ShortText,
    UuidStr,
    Year,
)

SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


@pytest.mark.parametrize(
    ("alias", "good"),
    [
        (NonNegative, 0),
        (NonNegative, 12.5),
        (NipStr, "198609262015051001"),
        (Sha256Hex, SHA),
        (IsoDateStr, "2026-03-31"),
        (HhMm, "00:00"),
        (HhMm, "23:59"),
        (HhMm, "07:30"),
        (UuidStr, "01890a5d-ac96-774b-bcce-b302099a8057"),
        (RecordId, "01890a5d-ac96-774b-bcce-b302099a8057"),
        (RecordId, "rhk-1"),
        (Code, "1.02.01"),
        (PeriodCode, "2026"),
        (PeriodCode, "2026-T4"),
        (PeriodCode, "2026-M12"),
        (Year, 2026),
        (ShortText, "Puskesmas Halmahera"),
        (Description, "Pelayanan imunisasi di posyandu"),
        (LongText, ""),
        (Latitude, -6.99),
        (Longitude, 110.42),
    ],
)
def test_accepts(alias: Any, good: object) -> None:
    assert msgspec.convert(good, alias) == good


@pytest.mark.parametrize(
    ("alias", "bad", "message"),
    [
        (NonNegative, -0.5, "Expected `float` >= 0.0"),
        (NipStr, "19860926 201505 1 001", "Expected `str` matching regex '^[0-9]{18}$'"),
        (NipStr, "12345678901234567", "Expected `str` matching regex '^[0-9]{18}$'"),
        (Sha256Hex, SHA.upper(), "Expected `str` matching regex '^[0-9a-f]{64}$'"),
        (Sha256Hex, SHA[:-1], "Expected `str` matching regex '^[0-9a-f]{64}$'"),
        (HhMm, "24:00", "Expected `str` matching regex"),
        (HhMm, "7:30", "Expected `str` matching regex"),
        (HhMm, "07:60", "Expected `str` matching regex"),
        (UuidStr, "not-a-uuid", "Expected `str` matching regex"),
        (RecordId, "", "Expected `str` of length >= 1"),
        (RecordId, "a b", "Expected `str` matching regex"),
        (PeriodCode, "2026-T5", "Expected `str` matching regex"),
        (PeriodCode, "2026-M13", "Expected `str` matching regex"),
        (Year, 1999, "Expected `int` >= 2000"),
        (ShortText, "", "Expected `str` of length >= 1"),
        (ShortText, "   ", "Expected `str` matching regex '\\\\S'"),
        (ShortText, "x" * 201, "Expected `str` of length <= 200"),
        (Description, "x" * 2001, "Expected `str` of length <= 2000"),
        (LongText, "x" * 4001, "Expected `str` of length <= 4000"),
        (Latitude, 90.5, "Expected `float` <= 90.0"),
        (Longitude, -180.5, "Expected `float` >= -180.0"),
    ],
)
def test_refuses(alias: Any, bad: object, message: str) -> None:
    with pytest.raises(msgspec.ValidationError) as info:
        msgspec.convert(bad, alias)
    assert str(info.value).startswith(message)
