"""The supervisor's side of issue #16 without a browser: the one period and its words, the
team's empty states, the spread's "enough rated" rule, and every error path of the supervisor's
forms (comment, dialog note, feedback, rating, keberatan decision) in words only."""

from __future__ import annotations

import datetime as dt

import pytest
from msgspec.structs import asdict, replace

from client.cli import _option_hint
from client.errors import InvalidInputError
from client.ops.supervision import COMMENT_EMPTY, DECISION_REASON_EMPTY, RETURN_NOTE_EMPTY
from client.ops.view_models import AppraisalState, LogEntry, OwnEntry, Team
from client.ui.common.entry_card import boss_notes
from client.ui.supervisor.forms import (
    COMMENT_MAX,
    DECISION_MAX,
    FEEDBACK_MAX,
    RATING_NOTE_MAX,
    comment_error,
    decision_errors,
    parse_realisation,
    rating_errors,
    text_error,
)
from client.ui.supervisor.period import (
    current_period,
    empty_team_text,
    period_choices,
    period_label,
    short_label,
)
from client.ui.supervisor.team import status_line
from shared_models import AppraisalStatus, Predikat
from shared_models.distribution import spread_readiness
from tests.ui.wording import assert_words

LANGS = ("id", "en")


# the one period ---------------------------------------------------------------------------------


def test_the_period_opens_on_the_current_triwulan() -> None:
    assert current_period(dt.date(2026, 12, 3)) == "2026-T4"
    assert current_period(dt.date(2026, 3, 31)) == "2026-T1"
    assert current_period(dt.date(2026, 4, 1)) == "2026-T2"
    assert period_choices(2026) == ["2026-T1", "2026-T2", "2026-T3", "2026-T4", "2026"]


def test_the_period_in_words() -> None:
    assert period_label("id", "2026-T4") == "Triwulan IV 2026"
    assert period_label("id", "2026") == "Tahun 2026"
    assert period_label("en", "2026-T4") == "Q4 2026"
    assert [short_label("id", c) for c in period_choices(2026)] == [
        "TW I",
        "TW II",
        "TW III",
        "TW IV",
        "Tahunan",
    ]


def test_a_card_says_the_status_for_the_period() -> None:
    final = AppraisalState(
        id="a1",
        status=AppraisalStatus.FINAL,
        predikat=Predikat.BAIK,
        sync_state="synced",
        confirmed=True,
    )
    line = status_line("id", "2026-T4", "dikirim", final)
    assert line == "Triwulan IV 2026: Penilaian diri: dikirim · Final, dikonfirmasi server"
    queued = status_line("id", "2026-T4", "dikirim", replace(final, sync_state="pending"))
    assert queued != line
    none = status_line("id", "2026-T4", "belum", None)
    assert none == "Triwulan IV 2026: Penilaian diri: belum ada · Belum dinilai"


# empty states that tell the truth ---------------------------------------------------------------


def _team(*, team_size: int, self_assessments_sent: int) -> Team:
    """Tim saya for Triwulan IV 2026 with every member filtered out."""
    return Team(
        period="2026-T4",
        label="Triwulan IV 2026",
        members=[],
        team_size=team_size,
        self_assessments_sent=self_assessments_sent,
        appraisals_final=0,
    )


def test_no_subordinates_only_when_there_are_none() -> None:
    view = _team(team_size=0, self_assessments_sent=0)
    assert "Belum ada bawahan" in empty_team_text("id", "assessment_waiting", view)


def test_an_empty_filter_says_why_with_the_counts() -> None:
    view = _team(team_size=7, self_assessments_sent=0)
    text = empty_team_text("id", "assessment_waiting", view)
    assert text == "Belum ada penilaian diri untuk Triwulan IV 2026 (0 dari 7 bawahan mengirim)."
    done = empty_team_text("id", "assessment_waiting", replace(view, self_assessments_sent=2))
    assert "2 dari 7 bawahan sudah mengirim dan semuanya sudah dinilai final" in done
    for only in ("all", "attention", "skp_waiting", "quiet", "assessment_waiting"):
        for lang in LANGS:
            shown = empty_team_text(lang, only, view)
            assert "Belum ada bawahan" not in shown
            assert "7" in shown
            assert_words(shown, f"empty {only} ({lang})")


# the spread waits for enough ratings -------------------------------------------------------------


def test_the_curve_judges_only_once_half_the_staff_is_rated() -> None:
    nobody = spread_readiness(0, 8)
    assert not nobody.ready
    assert "0 dari 8" in nobody.note
    one = spread_readiness(1, 8)  # the issue: 1 of 8 rated in T4 demanded a Butuh Perbaikan
    assert (one.ready, one.needed) == (False, 4)
    assert one.note == (
        "baru 1 dari 8 pegawai dinilai; sebaran diperiksa terhadap kurva setelah minimal 4"
        " pegawai dinilai"
    )
    half = spread_readiness(4, 8)
    assert (half.ready, half.complete) == (True, False)
    assert "dapat mengubah hasil" in half.note
    assert spread_readiness(5, 9).ready  # the demo Puskesmas in T4: 5 final of 9
    assert not spread_readiness(4, 9).ready
    everyone = spread_readiness(8, 8)
    assert (everyone.ready, everyone.complete) == (True, True)
    assert not spread_readiness(0, 0).ready
    assert spread_readiness(3, 2).staff == 3  # someone rated who has left since still counts
    for r, s in ((0, 8), (1, 8), (4, 8), (8, 8), (0, 0)):
        assert_words(spread_readiness(r, s).note, f"readiness {r}/{s}")


# every error path of the supervisor's forms, in words -----------------------------------------


def test_the_limits_come_from_the_record_structs() -> None:
    # Feedback.text and ProgressLog.supervisor_comment: a comment is written to both
    assert (FEEDBACK_MAX, COMMENT_MAX) == (2000, 2000)
    assert (RATING_NOTE_MAX, DECISION_MAX) == (4000, 4000)


@pytest.mark.parametrize("lang", LANGS)
def test_the_comment_box(lang: str) -> None:
    empty = comment_error(lang, "   ")
    assert empty is not None
    assert_words(empty, "empty comment")
    if lang == "id":
        assert empty == "Komentar masih kosong. Tulis umpan balik untuk catatan ini."
    long = comment_error(lang, "a" * (COMMENT_MAX + 1))
    assert long is not None
    assert "2001" in long
    assert "2.000" in long
    assert_words(long, "long comment")
    assert comment_error(lang, "Foto jelas.") is None


@pytest.mark.parametrize("lang", LANGS)
def test_the_dialog_and_feedback_boxes(lang: str) -> None:
    for key in ("sv.dialog_empty", "fbx.empty"):
        shown = text_error(lang, "", limit=FEEDBACK_MAX, empty_key=key)
        assert shown
        assert_words(shown, key)
    too_long = text_error(lang, "x" * 2001, limit=FEEDBACK_MAX, empty_key="fbx.empty")
    assert too_long
    assert_words(too_long, "long feedback")


@pytest.mark.parametrize("lang", LANGS)
def test_the_rating_form(lang: str) -> None:
    ok = rating_errors(
        lang, final=True, hasil_kerja="sesuai_ekspektasi", perilaku="sesuai_ekspektasi",
        realisation={"ind-1": "12,5", "ind-2": ""}, note="Baik.",
    )  # fmt: skip
    assert ok == {}
    draft = rating_errors(
        lang, final=False, hasil_kerja=None, perilaku=None, realisation={}, note=None
    )
    assert draft == {}  # a draft may leave the ratings open
    errors = rating_errors(
        lang,
        final=True,
        hasil_kerja=None,
        perilaku=None,
        realisation={"ind-1": "8.30 kunjungan", "ind-2": "-3"},
        note="x" * (RATING_NOTE_MAX + 1),
    )
    assert set(errors) == {
        "hasil_kerja",
        "perilaku",
        "realisasi:ind-1",
        "realisasi:ind-2",
        "feedback",
    }
    for field, message in errors.items():
        assert_words(message, f"rating {field}")
    if lang == "id":
        assert errors["hasil_kerja"] == "Pilih Rating Hasil Kerja sebelum memfinalkan."
        assert "bukan angka" in errors["realisasi:ind-1"]


def test_a_confirmed_realisation_as_typed() -> None:
    assert parse_realisation("12,5") == 12.5
    assert parse_realisation(" 12.5 ") == 12.5
    assert parse_realisation("") is None
    for bad in ("abc", "-1", "1,2,3", "inf"):
        with pytest.raises(ValueError, match=r"."):
            parse_realisation(bad)


@pytest.mark.parametrize("lang", LANGS)
def test_the_keberatan_decision(lang: str) -> None:
    errors = decision_errors(lang, change=True, new_predikat=None, reason=" ")
    assert set(errors) == {"new_predikat", "reason"}
    for field, message in errors.items():
        assert_words(message, f"decision {field}")
    long = decision_errors(lang, change=False, new_predikat=None, reason="x" * 4001)
    assert set(long) == {"reason"}
    assert decision_errors(lang, change=True, new_predikat="baik", reason="Bukti kuat") == {}


def test_the_device_says_what_is_empty_in_words_and_the_cli_adds_the_option() -> None:
    for message in (COMMENT_EMPTY, RETURN_NOTE_EMPTY, DECISION_REASON_EMPTY):
        assert_words(message, "device message")
    with pytest.raises(InvalidInputError) as caught, _option_hint("--text"):
        raise InvalidInputError(COMMENT_EMPTY)
    assert str(caught.value) == f"{COMMENT_EMPTY} (--text)"
    with pytest.raises(InvalidInputError, match=r"^lain$"), _option_hint("--text"):
        raise InvalidInputError("lain")  # other messages pass through unchanged


# the employee sees the supervisor's comment on the entry ------------------------------------


def _entry(comment: str) -> LogEntry:
    return LogEntry(
        id="log-1",
        nip="198702042009021536",
        date="2026-11-20",
        start=None,
        end=None,
        indicator_id="ind-1",
        value=1.0,
        unit="kunjungan",
        note="Kunjungan rumah",
        place=None,
        evidence=[],
        acknowledged_by=None,
        supervisor_comment=comment,
        sync_state="synced",
        no_evidence=True,
        shared_evidence=False,
    )


def test_the_entry_shows_the_supervisors_comment_once() -> None:
    assert boss_notes(_entry("Catat tensi.")) == ["Catat tensi."]
    both = OwnEntry(**asdict(_entry("Catat tensi.")), feedback=["Catat tensi."])
    assert boss_notes(both) == ["Catat tensi."]
    other = OwnEntry(**asdict(_entry("Catat tensi.")), feedback=["Foto buram."])
    assert boss_notes(other) == ["Foto buram.", "Catat tensi."]
    assert boss_notes(OwnEntry(**asdict(_entry("")), feedback=[])) == []
