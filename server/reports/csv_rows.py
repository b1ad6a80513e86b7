"""HR CSV files both ways: reading an import (encoding, delimiter, header check, rows with their
line numbers) and the cells of an export (text a spreadsheet would run as a formula neutralised).

Nothing in an uploaded file is trusted: every way a file can be wrong is a 400 in Bahasa Indonesia
naming the line (and the column when there is one), never a 500. What concerns the whole file
(its encoding, a NUL byte, its header, too many rows, a field the CSV reader cannot hold) refuses
the file; what concerns one row (a control character in a cell, an overlong cell, cells beyond
the header) refuses that row, like any other row error of an import.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any

import msgspec

from server.errors import BadRequestError
from shared_models.wire import RowError

__all__ = [
    "MAX_CELL_CHARS",
    "MAX_ROWS",
    "CsvRow",
    "CsvWriter",
    "RowError",
    "csv_cell",
    "read_csv",
]

MAX_ROWS = 50_000
"""Data rows (blank lines not counted) one import may hold: more than any city has employees."""
MAX_CELL_CHARS = 1_000
"""Characters one cell may hold (the longest field of a unit or employee is 200)."""
_SHOWN_NAMES = 5  # unknown columns named in a message, the rest counted
_SHOWN_CHARS = 40  # characters of a column name shown in a message
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")  # every C0 control but tab, and DEL
_LINE_END = re.compile(r"\r\n?|\n")
_CONTROL_NAMES = {"\n": "baris baru (LF)", "\r": "baris baru (CR)", "\x00": "NUL"}


class CsvRow(msgspec.Struct, frozen=True, kw_only=True):
    line: int
    values: dict[str, str]


# --- reading an import --------------------------------------------------------------------------


def _line_of(body: bytes, offset: int) -> int:
    prefix = body[:offset]
    return prefix.count(b"\n") + 1 if b"\n" in body else prefix.count(b"\r") + 1


def _text(body: bytes) -> str:
    if body.startswith(b"PK\x03\x04"):
        raise BadRequestError(
            "Berkas ini berkas Excel (.xlsx), bukan CSV. Di Excel pilih Simpan Sebagai > "
            "'CSV UTF-8 (dipisahkan koma)', lalu unggah berkas .csv itu.",
            field="$",
        )
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BadRequestError(
            "Berkas CSV berenkode UTF-16 ('Teks Unicode'); simpan ulang dari Excel sebagai "
            "'CSV UTF-8'.",
            field="$",
        )
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as err:
        raise BadRequestError(
            f"Berkas CSV harus berenkode UTF-8: baris {_line_of(body, err.start)} berisi byte "
            f"yang tidak sah (posisi {err.start}). Simpan ulang dari Excel sebagai 'CSV UTF-8'.",
            field=f"baris {_line_of(body, err.start)}",
        ) from err
    nul = text.find("\x00")
    if nul >= 0:
        line = _line_of(body, len(text[:nul].encode("utf-8")))
        raise BadRequestError(
            f"Berkas CSV berisi byte NUL di baris {line}: ini bukan berkas teks CSV (mungkin "
            "berkas Excel atau UTF-16). Simpan ulang dari Excel sebagai 'CSV UTF-8'.",
            field=f"baris {line}",
        )
    return text.lstrip("\ufeff")  # the BOM Excel writes (once, or twice after a re-save)


def _number(n: int) -> str:
    """``n`` written the Indonesian way (50.000)."""
    return f"{n:,}".replace(",", ".")


def _shown(name: str) -> str:
    return name if len(name) <= _SHOWN_CHARS else name[:_SHOWN_CHARS] + "…"


def _names(names: Sequence[str]) -> str:
    shown = ", ".join(_shown(n) or "(tanpa judul)" for n in names[:_SHOWN_NAMES])
    more = len(names) - _SHOWN_NAMES
    return shown + (f" dan {more} kolom lainnya" if more > 0 else "")


def _control(text: str) -> str | None:
    """The first control character of ``text``, in words; None when there is none."""
    found = _CONTROL.search(text)
    if found is None:
        return None
    char = found.group()
    return _CONTROL_NAMES.get(char, f"U+{ord(char):04X}")


def _check_header(header: list[str], required: Sequence[str], optional: Sequence[str]) -> None:
    for name in header:
        control = _control(name)
        if control is not None:
            raise BadRequestError(
                f"Baris judul berisi karakter kendali ({control}); tulis ulang baris judul.",
                field="baris 1",
            )
    named = [h for h in header if h]
    doubled = sorted(h for h, n in Counter(named).items() if n > 1)
    if doubled:
        raise BadRequestError(
            f"Kolom muncul lebih dari sekali di baris judul: {_names(doubled)}.", field=doubled[0]
        )
    missing = [c for c in required if c not in header]
    if missing:
        raise BadRequestError(
            f"Kolom wajib tidak ada di baris judul: {', '.join(missing)}.", field=missing[0]
        )
    unknown = [c for c in named if c not in required and c not in optional]
    if unknown:
        known = ", ".join([*required, *optional])
        raise BadRequestError(
            f"Kolom tidak dikenal di baris judul: {_names(unknown)} (kolom yang dikenal: {known}).",
            field=_shown(unknown[0]),
        )


def _row_problem(header: list[str], values: list[str]) -> tuple[str | None, str] | None:
    """What is wrong with one row's cells: (column, message in Indonesian), or None."""
    stray = [n for n, v in enumerate(values) if (n >= len(header) or not header[n]) and v.strip()]
    if stray:
        return None, (
            f"baris ini berisi isian di kolom ke-{stray[0] + 1} yang tidak punya judul (baris "
            f"judul punya {len(header)} kolom); isian yang memuat koma atau titik koma harus "
            'diapit tanda kutip (")'
        )
    for name, value in zip(header, values, strict=False):
        if not name:
            continue
        control = _control(value)
        if control is not None:
            hint = " (tanda kutip yang tidak ditutup?)" if "baris baru" in control else ""
            return name, f"isian berisi karakter kendali {control} yang tidak diizinkan{hint}"
        if len(value) > MAX_CELL_CHARS:
            return name, (
                f"isian terlalu panjang ({_number(len(value))} karakter; paling banyak "
                f"{_number(MAX_CELL_CHARS)})"
            )
    return None


def read_csv(
    body: bytes, required: Sequence[str], optional: Sequence[str], errors: list[RowError]
) -> Iterator[CsvRow]:
    """Rows of a CSV (comma or semicolon separated) whose header names ``required`` columns.

    Raises 400 for what concerns the whole file (see the module docstring); a row whose cells
    are unfit is appended to ``errors`` and left out. Blank lines are skipped.
    """
    text = _text(body)
    first = _LINE_END.split(text, maxsplit=1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start, rows = 1, 0
    try:
        try:
            header = [h.strip().lower() for h in next(reader)]
        except StopIteration:
            raise BadRequestError("Berkas CSV kosong.", field="$") from None
        _check_header(header, required, optional)
        start = reader.line_num + 1
        for values in reader:
            line, start = start, reader.line_num + 1
            if not any(v.strip() for v in values):
                continue
            rows += 1
            if rows > MAX_ROWS:
                raise BadRequestError(
                    f"Berkas CSV berisi lebih dari {_number(MAX_ROWS)} baris data (baris "
                    f"{line} dan seterusnya); bagi menjadi beberapa berkas.",
                    field=f"baris {line}",
                )
            problem = _row_problem(header, values)
            if problem is not None:
                errors.append(RowError(line=line, column=problem[0], message=problem[1]))
                continue
            padded = [*values, *([""] * (len(header) - len(values)))]
            yield CsvRow(
                line=line, values={h: v.strip() for h, v in zip(header, padded, strict=False) if h}
            )
    except csv.Error as err:
        why = 'periksa tanda kutip (") di baris itu'
        if "field larger" in str(err):
            why = (
                f"sebuah isian lebih panjang dari {_number(csv.field_size_limit())} karakter, "
                'biasanya karena tanda kutip (") yang tidak ditutup'
            )
        raise BadRequestError(
            f"Baris {start} tidak dapat dibaca sebagai CSV: {why}.", field=f"baris {start}"
        ) from err


# --- the cells of an export ---------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP, CSV injection)."""


def csv_cell(value: Any) -> str | int | float:
    """One cell of a CSV export. Numbers (int, float) stay numbers: a number cannot be a
    formula, and a negative one is written as such (``-3``). Everything else is text; text that
    starts like a formula (``=``, ``+``, ``-``, ``@``, tab, CR) gets a leading ``'`` so that a
    spreadsheet shows it instead of running it."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


class CsvWriter:
    """The writer of every CSV export: each cell of a data row through :func:`csv_cell`, its
    text always quoted (so a ``;`` inside a cell cannot start a new cell in a spreadsheet that
    splits on ``;``), its numbers bare. The header, the server's own words, goes as it is."""

    def __init__(self, buffer: io.StringIO) -> None:
        self._header = csv.writer(buffer)
        self._rows = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC)

    def writeheader(self, names: Sequence[str]) -> None:
        self._header.writerow(names)

    def writerow(self, row: Sequence[Any]) -> None:
        self._rows.writerow([csv_cell(v) for v in row])
