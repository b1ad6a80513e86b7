"""Realisation per indicator (shared_models.realisation): counts add up, levels take the latest
(or the stated average), time indicators measure against the deadline; a period compares with
its own target, a count's share, or the annual target of a level."""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest

from shared_models import Indicator, Skp, parse_period_code, validate_content
from shared_models.enums import Aggregation
from shared_models.kinds import RecordKind
from shared_models.realisation import (
    LogValue,
    aggregation_of,
    log_value,
    period_target,
    realisation,
)

D = dt.date


def _ind(text: str, unit: str, target: float = 100, **extra: object) -> dict[str, object]:
    return {
        "id": "ind-1",
        "aspect": extra.pop("aspect", "kuantitas"),
        "text": text,
        "target_value": target,
        "target_unit": unit,
        **extra,
    }


PERSEN = _ind("Persentase asuhan keperawatan terdokumentasi", "%")
KUNJUNGAN = _ind("Jumlah kunjungan rumah", "kunjungan", 120)
WAKTU = _ind("Ketepatan waktu penyelesaian sesuai jadwal", "bulan", 12, aspect="waktu")


@pytest.mark.parametrize(
    ("indicator", "expected"),
    [
        (PERSEN, Aggregation.TERAKHIR),
        (_ind("Cakupan layanan", "persen"), Aggregation.TERAKHIR),
        (_ind("Indeks Kepuasan Masyarakat", "indeks", 85), Aggregation.TERAKHIR),
        (_ind("Nilai SAKIP", "nilai", 80), Aggregation.TERAKHIR),
        (_ind("Persentase data tanpa koreksi", "dokumen"), Aggregation.TERAKHIR),
        (_ind("Rata-rata waktu tunggu pasien", "menit", 30), Aggregation.RATA_RATA),
        (KUNJUNGAN, Aggregation.JUMLAH),
        (_ind("Laporan kinerja", "laporan", 4), Aggregation.JUMLAH),
        (WAKTU, Aggregation.TENGGAT),
        (_ind("Waktu layanan", "menit", 10, aspect="waktu"), Aggregation.JUMLAH),
        ({**PERSEN, "aggregation": "rata_rata"}, Aggregation.RATA_RATA),
        ({**KUNJUNGAN, "aggregation": "terakhir"}, Aggregation.TERAKHIR),
        ({**PERSEN, "aggregation": "bukan_nilai"}, Aggregation.TERAKHIR),
    ],
)
def test_the_aggregation_is_stated_or_derived(
    indicator: dict[str, object], expected: Aggregation
) -> None:
    assert aggregation_of(indicator) is expected


def test_a_struct_indicator_reads_like_its_fields() -> None:
    struct = msgspec.convert(PERSEN, Indicator)
    assert struct.aggregation is None  # old SKPs stay readable: the field has a default
    assert aggregation_of(struct) is Aggregation.TERAKHIR


def test_two_logs_of_100_on_a_percentage_are_100_not_200() -> None:
    logs = [LogValue(D(2026, 11, 2), 100.0, "a"), LogValue(D(2026, 11, 20), 100.0, "b")]
    assert realisation(PERSEN, logs, year=2026) == 100
    assert realisation(KUNJUNGAN, logs, year=2026) == 200


def test_the_latest_day_wins_then_the_latest_record_of_that_day() -> None:
    logs = [
        LogValue(D(2026, 11, 20), 70.0, "0190-b"),
        LogValue(D(2026, 11, 20), 90.0, "0190-c"),
        LogValue(D(2026, 11, 25), 80.0, "0190-a"),
    ]
    assert realisation(PERSEN, logs, year=2026) == 80
    assert realisation(PERSEN, logs[:2], year=2026) == 90
    assert realisation({**PERSEN, "aggregation": "rata_rata"}, logs, year=2026) == 80


def test_a_time_indicator_is_the_time_used_against_the_deadline() -> None:
    logs = [LogValue(D(2026, 3, 31), 1.0), LogValue(D(2026, 11, 5), 1.0)]
    assert realisation(WAKTU, logs, year=2026) == 11  # done in November: within 12 bulan
    days = _ind("Penyelesaian laporan", "hari", 30, aspect="waktu")
    assert realisation(days, [LogValue(D(2026, 1, 20), 1.0)], year=2026) == 20
    weeks = _ind("Penyelesaian modul", "minggu", 8, aspect="waktu")
    assert realisation(weeks, [LogValue(D(2026, 1, 15), 1.0)], year=2026) == 3


def test_no_logs_is_zero() -> None:
    for indicator in (PERSEN, KUNJUNGAN, WAKTU):
        assert realisation(indicator, [], year=2026) == 0


def test_log_value_reads_stored_fields_and_skips_what_it_cannot() -> None:
    assert log_value("2026-11-20", 3, "x") == LogValue(D(2026, 11, 20), 3.0, "x")
    assert log_value("20-11-2026", 3) is None
    assert log_value("2026-11-20", "tiga") is None
    assert log_value("2026-11-20", float("nan")) is None


def test_a_period_compares_with_its_share_or_its_own_target() -> None:
    t4, m03, year = (parse_period_code(c) for c in ("2026-T4", "2026-M03", "2026"))
    assert period_target(KUNJUNGAN, t4) == 30  # a quarter of 120, not 120
    assert period_target(KUNJUNGAN, m03) == 10
    assert period_target(KUNJUNGAN, year) == 120
    assert period_target(PERSEN, t4) == 100  # a level holds all year
    assert period_target(WAKTU, t4) == 12  # so does a deadline
    own = {**KUNJUNGAN, "period_targets": {"2026-T4": 45}}
    assert period_target(own, t4) == 45
    assert period_target(own, parse_period_code("2026-T1")) == 30
    assert period_target(_ind("Laporan", "laporan", 4), m03) == 0.33


def _skp(period_targets: dict[str, float]) -> dict[str, object]:
    return {
        "employee_nip": "199003142014032003",
        "year": 2026,
        "rhk": [
            {
                "id": "rhk-1",
                "kind": "utama",
                "text": "Pelayanan keperawatan",
                "indicators": [{**KUNJUNGAN, "period_targets": period_targets}],
            }
        ],
    }


def test_an_skp_takes_period_targets_of_its_own_year_only() -> None:
    skp = validate_content(RecordKind.SKP, _skp({"2026-T4": 45, "2026-M12": 15}))
    assert isinstance(skp, Skp)
    assert skp.rhk[0].indicators[0].period_targets == {"2026-T4": 45, "2026-M12": 15}
    for bad in ({"2025-T4": 45}, {"2026": 120}):
        with pytest.raises(ValueError, match="harus triwulan atau bulan tahun 2026"):
            validate_content(RecordKind.SKP, _skp(bad))
    with pytest.raises(ValueError, match="period_targets"):
        validate_content(RecordKind.SKP, _skp({"2026-Q4": 45}))
