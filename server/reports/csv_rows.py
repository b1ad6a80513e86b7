"""Reading an HR CSV file: encoding, delimiter, header check, rows with their line numbers."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence

import msgspec

from server.errors import BadRequestError

__all__ = ["CsvRow", "RowError", "read_csv"]


class RowError(msgspec.Struct, frozen=True, kw_only=True):
    """Why one row of an import cannot be imported."""

    line: int
    """Line number in the file (the header is line 1)."""
    column: str | None
    message: str


class CsvRow(msgspec.Struct, frozen=True, kw_only=True):
    line: int
    values: dict[str, str]


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise BadRequestError(
            f"Berkas CSV harus berenkode UTF-8 (byte tidak sah di posisi {err.start}). "
            "Simpan ulang dari Excel sebagai 'CSV UTF-8'.",
            field="$",
        ) from err


def read_csv(body: bytes, required: Sequence[str], optional: Sequence[str]) -> Iterator[CsvRow]:
    """Rows of a CSV (comma or semicolon separated) whose header names ``required`` columns.

    Raises 400 for an empty file, a missing or unknown column. Blank lines are skipped.
    """
    text = _text(body)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise BadRequestError("Berkas CSV kosong.", field="$") from None
    missing = [c for c in required if c not in header]
    if missing:
        raise BadRequestError(
            f"Kolom wajib tidak ada di baris judul: {', '.join(missing)}.", field=missing[0]
        )
    unknown = [c for c in header if c not in required and c not in optional]
    if unknown:
        known = ", ".join([*required, *optional])
        raise BadRequestError(
            f"Kolom tidak dikenal di baris judul: {', '.join(unknown)} (kolom yang dikenal: "
            f"{known}).",
            field=unknown[0],
        )
    start = reader.line_num + 1
    for values in reader:
        line, start = start, reader.line_num + 1
        if not any(v.strip() for v in values):
            continue
        padded = [*values, *([""] * (len(header) - len(values)))]
        yield CsvRow(line=line, values={h: v.strip() for h, v in zip(header, padded, strict=False)})
