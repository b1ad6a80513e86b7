"""The one neutralisation of CSV export cells (OWASP CSV injection): by type, then by the first
character of the text."""

from __future__ import annotations

import csv
import io

import pytest

from server.reports.csv_rows import CsvWriter, csv_cell


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+2", "'=1+2"),
        ("+62 812", "'+62 812"),
        ("-5 menit", "'-5 menit"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tisi", "'\tisi"),
        ("\risi", "'\risi"),
        ("Kunjungan = 3", "Kunjungan = 3"),
        ("'sudah dikutip", "'sudah dikutip"),
        ("", ""),
        (None, ""),
        (True, "True"),
        (-3, -3),  # a number stays a number, negative or not
        (-2.5, -2.5),
        (0, 0),
    ],
)
def test_csv_cell(value: object, cell: object) -> None:
    assert csv_cell(value) == cell


def test_text_is_quoted_numbers_are_bare_the_header_as_it_is() -> None:
    buffer = io.StringIO()
    writer = CsvWriter(buffer)
    writer.writeheader(["Uraian", "Realisasi"])
    writer.writerow(['x;=HYPERLINK("http://evil.example")', -3])
    header, row = buffer.getvalue().splitlines()
    assert header == "Uraian,Realisasi"
    assert row == '"x;=HYPERLINK(""http://evil.example"")",-3'
    assert next(csv.reader([row], quoting=csv.QUOTE_NONNUMERIC)) == [
        'x;=HYPERLINK("http://evil.example")',
        -3.0,
    ]
