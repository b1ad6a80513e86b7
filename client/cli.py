"""``kinerja device``: a device without a screen (tests, HR scripting, the app's engine).

Every subcommand prints text, or JSON with ``--json``; progress goes to stderr. Mistakes exit
non-zero with one line saying what to fix (see docs/cli.md).
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import os
import pathlib
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from client.errors import InvalidInputError

if TYPE_CHECKING:  # imported when a command runs: `kinerja --help` stays quick
    from client.service import Device
    from client.syncing import SyncProgress

__all__ = ["DEFAULT_HOME", "register"]

DEFAULT_HOME = pathlib.Path(os.environ.get("KINERJA_DEVICE_HOME", "~/.kinerja-device")).expanduser()

Handler = Callable[["Device", argparse.Namespace], Any]


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add ``kinerja device`` and its subcommands."""
    parser = sub.add_parser(
        "device",
        help="perangkat tanpa layar: catat progres, sinkronkan, ekspor",
        description="Perangkat Kinerja di baris perintah: semua yang dilakukan aplikasi.",
    )
    parser.add_argument(
        "--home",
        type=pathlib.Path,
        default=DEFAULT_HOME,
        help="folder data perangkat (bawaan: $KINERJA_DEVICE_HOME atau ~/.kinerja-device)",
    )
    cmds = parser.add_subparsers(dest="device_command", metavar="PERINTAH")
    cmds.required = True
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="keluaran JSON")

    def add(
        name: str, handler: Handler, help_text: str, parent: Any = cmds
    ) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = parent.add_parser(
            name, help=help_text, description=help_text, parents=[common]
        )
        p.set_defaults(handler=_run, device_handler=handler)
        return p

    p = add("login", _login, "masuk (login pertama mendaftarkan perangkat ke server)")
    p.add_argument(
        "--server", help="alamat server, mis. http://127.0.0.1:8765 (tanpa: masuk luring)"
    )
    p.add_argument("--nip", required=True, help="NIP 18 digit")
    p.add_argument("--password", help="kata sandi (tanpa opsi ini: ditanyakan)")
    add("logout", _logout, "keluar; data dan perubahan yang belum terkirim tetap tersimpan")
    p = add("password", _password, "ganti kata sandi (memerlukan sambungan ke server)")
    p.add_argument("--current", help="kata sandi sekarang (tanpa opsi ini: ditanyakan)")
    p.add_argument("--new", help="kata sandi baru (tanpa opsi ini: ditanyakan dua kali)")
    add("sync", _sync, "sinkronkan dengan server sekarang")
    add("status", _status, "perubahan tertunda, sinkron terakhir, kursor")
    add("export", _export, "semua isi perangkat (JSON), dengan vektor versi dan status sinkron")

    skp = cmds.add_parser("skp", help="SKP").add_subparsers(dest="skp_command", metavar="PERINTAH")
    skp.required = True
    p = add("show", _skp_show, "tampilkan SKP dan capaian indikator", skp)
    p.add_argument("--year", type=int, help="tahun SKP (bawaan: tahun ini)")
    p.add_argument("--nip", help="NIP bawahan (untuk pejabat penilai)")
    _supervisor_skp(add, skp)

    log = cmds.add_parser("log", help="progres harian").add_subparsers(
        dest="log_command", metavar="PERINTAH"
    )
    log.required = True
    p = add("add", _log_add, "catat progres harian", log)
    _log_options(p, required=True)
    p = add("edit", _log_edit, "ubah catatan progres", log)
    p.add_argument("id", help="ID catatan (boleh awalannya, minimal 4 karakter)")
    _log_options(p, required=False)
    p = add("delete", _log_delete, "hapus catatan progres", log)
    p.add_argument("id", help="ID catatan")
    p = add("list", _log_list, "daftar catatan progres", log)
    p.add_argument("--from", dest="date_from", help="dari tanggal YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", help="sampai tanggal YYYY-MM-DD")
    p.add_argument("--nip", help="NIP bawahan (untuk pejabat penilai)")
    _supervisor_log(add, log)
    _supervisor_commands(add, cmds)

    p = add("assess", _assess, "penilaian mandiri untuk satu periode")
    p.add_argument("--period", required=True, help="kode periode: 2026, 2026-T1 .. 2026-T4")
    p.add_argument(
        "--rating",
        help="rating hasil kerja: di_atas_ekspektasi, sesuai_ekspektasi, di_bawah_ekspektasi",
    )
    p.add_argument("--reflection", help="refleksi hasil kerja")
    p.add_argument(
        "--perilaku",
        action="append",
        default=[],
        metavar="NILAI=RATING",
        help="mis. akuntabel=sesuai_ekspektasi (boleh berulang)",
    )
    p.add_argument("--submit", action="store_true", help="kirim ke pejabat penilai")

    p = add("feedback", _feedback, "umpan balik untuk bawahan (pejabat penilai)")
    p.add_argument("--nip", required=True, help="NIP bawahan")
    p.add_argument("--text", required=True, help="isi umpan balik")
    p.add_argument(
        "--period", help="kode periode (bawaan: triwulan tanggal catatan --log, atau hari ini)"
    )
    p.add_argument("--kind", default="umpan_balik", help="umpan_balik (bawaan) atau dialog_kinerja")
    p.add_argument("--rhk", help="ID RHK yang dimaksud (dari skp show --nip NIP)")
    p.add_argument("--value", help="nilai BerAKHLAK yang dimaksud, mis. akuntabel")
    p.add_argument("--log", help="ID catatan progres yang dimaksud")

    p = add("rate", _rate, "beri rating hasil kerja dan perilaku kerja (pejabat penilai)")
    p.add_argument("--nip", required=True, help="NIP bawahan")
    p.add_argument("--period", required=True, help="kode periode")
    p.add_argument("--hasil-kerja", dest="hasil_kerja", help="rating hasil kerja")
    p.add_argument("--perilaku", help="rating perilaku kerja")
    p.add_argument("--note", help="catatan penilaian")
    p.add_argument(
        "--realisasi",
        action="append",
        default=[],
        metavar="IND=NILAI",
        help="realisasi indikator yang dikonfirmasi atau dikoreksi pejabat penilai (boleh"
        " berulang; IND= tanpa nilai membatalkannya)",
    )

    p = add("finalize", _finalize, "finalkan penilaian (pejabat penilai); penilaian terkunci")
    p.add_argument("--nip", required=True, help="NIP bawahan")
    p.add_argument("--period", required=True, help="kode periode")

    p = add(
        "result",
        _result,
        "hasil penilaian: predikat, angka kredit, hukuman disiplin dan penghargaan",
    )
    p.add_argument("--period", help="kode periode (tanpa opsi ini: semua periode)")
    p.add_argument("--nip", help="NIP bawahan (untuk pejabat penilai)")

    p = add("object", _object, "ajukan keberatan atas predikat tahunan (14 hari)")
    p.add_argument("--appraisal", required=True, help="ID penilaian tahunan yang final")
    p.add_argument("--reason", required=True, help="alasan keberatan")

    p = add("conflicts", _conflicts, "konflik yang perlu diputuskan")
    p.add_argument("--all", action="store_true", help="termasuk yang sudah diselesaikan")
    p = add("resolve", _resolve, "selesaikan konflik")
    p.add_argument("id", help="ID konflik (boleh awalannya)")
    p.add_argument(
        "--keep", required=True, choices=["mine", "theirs", "both"], help="nilai yang dipertahankan"
    )


def _supervisor_skp(add: Callable[..., argparse.ArgumentParser], skp: Any) -> None:
    p = add("approve", _skp_approve, "setujui SKP bawahan yang diajukan (pejabat penilai)", skp)
    p.add_argument("--nip", required=True, help="NIP bawahan")
    p.add_argument("--year", type=int, help="tahun SKP (bawaan: tahun ini)")
    p.add_argument(
        "--expect",
        action="append",
        default=[],
        metavar="NILAI=TEKS",
        help="ekspektasi khusus pimpinan per nilai BerAKHLAK (boleh berulang)",
    )
    p = add("return", _skp_return, "kembalikan SKP bawahan dengan catatan (pejabat penilai)", skp)
    p.add_argument("--nip", required=True, help="NIP bawahan")
    p.add_argument("--year", type=int, help="tahun SKP (bawaan: tahun ini)")
    p.add_argument("--note", required=True, help="apa yang perlu diperbaiki")


def _supervisor_log(add: Callable[..., argparse.ArgumentParser], log: Any) -> None:
    p = add("ack", _log_ack, "konfirmasi catatan progres bawahan (pejabat penilai)", log)
    p.add_argument("id", help="ID catatan (boleh awalannya)")
    p = add("comment", _log_comment, "komentari catatan progres bawahan (umpan balik)", log)
    p.add_argument("id", help="ID catatan (boleh awalannya)")
    p.add_argument("--text", required=True, help="isi komentar")
    p.add_argument("--ack", action="store_true", help="sekaligus konfirmasi catatan")


def _supervisor_commands(add: Callable[..., argparse.ArgumentParser], cmds: Any) -> None:
    p = add("team", _team, "tim saya: bawahan, capaian, yang perlu perhatian (pejabat penilai)")
    p.add_argument("--period", help="kode periode (bawaan: tahun ini)")
    p.add_argument(
        "--only",
        default="all",
        choices=[
            "all",
            "attention",
            "skp_waiting",
            "assessment_waiting",
            "shared_evidence",
            "quiet",
            "no_evidence",
        ],
        help="saring: perlu perhatian, SKP menunggu, penilaian diri menunggu, bukti sama dengan "
        "pegawai lain, tanpa catatan, catatan tanpa bukti",
    )
    p.add_argument(
        "--quiet-days", dest="quiet_days", type=int, default=7, help="hari tanpa catatan (7)"
    )
    objection = cmds.add_parser("objection", help="keberatan (atasan pejabat penilai)")
    sub = objection.add_subparsers(dest="objection_command", metavar="PERINTAH")
    sub.required = True
    p = add("list", _objection_list, "keberatan atas penilaian bawahan dari bawahan Anda", sub)
    p.add_argument("--open", action="store_true", help="hanya yang belum diputus")
    p = add("decide", _objection_decide, "putuskan keberatan (final)", sub)
    p.add_argument("id", help="ID keberatan (boleh awalannya)")
    choice = p.add_mutually_exclusive_group(required=True)
    choice.add_argument("--uphold", action="store_true", help="pertahankan predikat (ditolak)")
    choice.add_argument("--change", metavar="PREDIKAT", help="ubah predikat (dikabulkan)")
    p.add_argument("--reason", required=True, help="alasan keputusan")


def _log_options(p: argparse.ArgumentParser, *, required: bool) -> None:
    p.add_argument("--indicator", required=required, help="ID indikator SKP (lihat 'skp show')")
    p.add_argument("--date", required=required, help="tanggal YYYY-MM-DD")
    p.add_argument("--start", help="jam mulai HH:MM")
    p.add_argument("--end", help="jam selesai HH:MM")
    p.add_argument("--value", required=required, help="nilai realisasi (0 atau lebih)")
    p.add_argument("--note", required=required, help="uraian kegiatan")
    p.add_argument("--place", help="tempat (Puskesmas, kelurahan ...)")
    p.add_argument(
        "--evidence", nargs="+", default=[], metavar="FILE", help="foto (JPEG/PNG/WebP) atau PDF"
    )


@contextlib.contextmanager
def _option_hint(option: str) -> Iterator[None]:
    """A device message says what is empty in words (the app shows it as it is); on the
    command line it also names the option that fills it."""
    try:
        yield
    except InvalidInputError as err:
        if "masih kosong" not in str(err):
            raise
        raise InvalidInputError(f"{err} ({option})") from None


def _run(args: argparse.Namespace) -> int:
    handler: Handler = args.device_handler
    from client.service import Device

    with Device(args.home) as device:
        result = handler(device, args)
        if isinstance(result, int):
            return result
        _print(result, args.json)
    return 0


def _print(result: Any, as_json: bool) -> None:
    import msgspec

    result = msgspec.to_builtins(result)  # the operations' view Structs print as their fields
    if as_json:
        print(json.dumps(result, ensure_ascii=False, indent=2, sort_keys=True))
    elif isinstance(result, str):
        print(result)
    elif isinstance(result, list):
        for item in result:
            print(_line(item))
        if not result:
            print("(kosong)")
    elif isinstance(result, dict):
        for key, value in result.items():
            shown = (
                json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value
            )
            print(f"{key}: {shown}")


def _line(item: Any) -> str:
    if not isinstance(item, dict):
        return str(item)
    if "date" in item and "value" in item:
        when = f"{item['start']}-{item['end']}" if item.get("start") else ""
        return (
            f"{item['id'][:13]}  {item['date']} {when}  {item['value']:g} {item['unit']}  "
            f"{item['note']}  [{item['sync_state']}]{_evidence_marks(item)}"
        )
    if "cause" in item:
        return (
            f"{item['id'][:13]}  {item['kind']} {item['record_id'][:13]}  {item['cause_text']}  "
            f"kalah: {item['losing']}  menang: {item['winning']}"
        )
    return json.dumps(item, ensure_ascii=False)


def _evidence_marks(log: dict[str, Any]) -> str:
    """The evidence checks of a log, in words: no evidence, a file other employees use too."""
    marks = ["  [tanpa bukti]"] if log.get("no_evidence") else []
    for ev in log.get("evidence") or []:
        if ev.get("shared_with"):
            names = ", ".join(f"{o['name']} ({o['nip']})" for o in ev["shared_with"])
            more = " dan lainnya" if ev.get("shared_more") else ""
            marks.append(f"  [bukti {ev['sha256'][:8]} juga dipakai: {names}{more}]")
    return "".join(marks)


# handlers ---------------------------------------------------------------------------------------


def _login(device: Device, args: argparse.Namespace) -> Any:
    password = args.password if args.password is not None else getpass.getpass("Kata sandi: ")
    return device.login(args.nip, password, server=args.server)


def _logout(device: Device, args: argparse.Namespace) -> Any:
    result = device.logout()
    if args.json:
        return result
    where = (
        "Token perangkat sudah dicabut di server dan dihapus dari perangkat."
        if result["server"]
        else "Token perangkat dihapus dari perangkat (server tidak terjangkau; token di server "
        "berakhir saat perangkat ini masuk lagi)."
    )
    return (
        "Anda sudah keluar. Data dan perubahan yang belum terkirim tetap tersimpan di perangkat. "
        + where
    )


def _password(device: Device, args: argparse.Namespace) -> Any:
    from shared_models.passwords import PASSWORD_RULE

    current = args.current if args.current is not None else getpass.getpass("Kata sandi sekarang: ")
    new = args.new
    if new is None:
        print(f"Aturan kata sandi: {PASSWORD_RULE[0]}", file=sys.stderr)
        new = getpass.getpass("Kata sandi baru: ")
        if getpass.getpass("Ulangi kata sandi baru: ") != new:
            raise InvalidInputError("kedua kata sandi baru tidak sama; tidak ada yang diubah")
    result = device.change_password(current, new)
    if args.json:
        return result
    others = result["other_sessions_ended"]
    tail = f" {others} perangkat lain harus masuk lagi dengan kata sandi baru." if others else ""
    return "Kata sandi sudah diganti." + tail


def _progress(p: SyncProgress) -> None:
    line = (
        f"[{p.phase}] terkirim {p.pushed} perubahan, diterima {p.pulled} catatan, "
        f"{p.bytes_sent + p.bytes_received} byte, tertunda {p.pending}"
    )
    print(line + (f" - {p.message}" if p.message else ""), file=sys.stderr, flush=True)


def _sync(device: Device, args: argparse.Namespace) -> Any:
    report = device.sync(_progress)
    _print(report.as_dict() if args.json else report.message, args.json)
    device.raise_for(report)
    return 0


def _status(device: Device, args: argparse.Namespace) -> Any:
    return device.status()


def _export(device: Device, args: argparse.Namespace) -> Any:
    args.json = True
    return device.export()


def _skp_show(device: Device, args: argparse.Namespace) -> Any:
    view = device.skp(year=args.year, nip=args.nip)
    if args.json:
        return view
    lines = [f"SKP {view.year} NIP {view.nip} ({view.status})  id {view.id}"]
    for r in view.rhk:
        lines.append(f"- [{r.kind}] {r.text}")
        for i in r.indicators:
            lines.append(f"    {i.id}  {i.text}: {i.realised:g}/{i.target:g} {i.unit}")
    return "\n".join(lines)


def _log_data(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "indicator": args.indicator,
        "date": args.date,
        "start": args.start,
        "end": args.end,
        "value": args.value,
        "note": args.note,
        "place": args.place,
        "evidence": args.evidence,
    }


def _log_add(device: Device, args: argparse.Namespace) -> Any:
    return device.add_log(_log_data(args))


def _log_edit(device: Device, args: argparse.Namespace) -> Any:
    return device.edit_log(args.id, _log_data(args))


def _log_delete(device: Device, args: argparse.Namespace) -> Any:
    record_id = device.delete_log(args.id)
    return {"id": record_id, "deleted": True} if args.json else f"Catatan {record_id} dihapus."


def _log_list(device: Device, args: argparse.Namespace) -> Any:
    return device.list_logs(nip=args.nip, date_from=args.date_from, date_to=args.date_to)


def _assess(device: Device, args: argparse.Namespace) -> Any:
    perilaku: dict[str, str] = {}
    for item in args.perilaku:
        value, sep, rating = item.partition("=")
        if not sep:
            raise InvalidInputError(
                f"--perilaku '{item}' harus berbentuk NILAI=RATING, "
                "mis. akuntabel=sesuai_ekspektasi"
            )
        perilaku[value.strip()] = rating.strip()
    return device.assess(
        args.period,
        rating=args.rating,
        reflection=args.reflection,
        perilaku=perilaku,
        submit=args.submit,
    )


def _feedback(device: Device, args: argparse.Namespace) -> Any:
    with _option_hint("--text"):
        return _feedback_of(device, args)


def _feedback_of(device: Device, args: argparse.Namespace) -> Any:
    return device.feedback(
        args.nip,
        args.text,
        period_code=args.period,
        kind=args.kind,
        rhk=args.rhk,
        value=args.value,
        log=args.log,
    )


def _warned(result: dict[str, Any], as_json: bool) -> dict[str, Any]:
    """Warnings go to stderr in text mode (they stay in the JSON)."""
    if not as_json:
        for warning in result.get("warnings", []):
            print(f"Peringatan: {warning}", file=sys.stderr)
    return result


def _rate(device: Device, args: argparse.Namespace) -> Any:
    realisasi: dict[str, str] = {}
    for item in args.realisasi:
        ind, sep, value = item.partition("=")
        if not sep or not ind.strip():
            raise InvalidInputError(
                f"--realisasi '{item}' harus berbentuk IND=NILAI, mis. ID_INDIKATOR=95"
            )
        realisasi[ind.strip()] = value.strip()
    result = device.rate(
        args.nip,
        args.period,
        hasil_kerja=args.hasil_kerja,
        perilaku=args.perilaku,
        note=args.note,
        realisasi=realisasi,
    )
    return _warned(_followup(device, args, result), args.json)


def _finalize(device: Device, args: argparse.Namespace) -> Any:
    return _warned(_followup(device, args, device.finalize(args.nip, args.period)), args.json)


def _followup(device: Device, args: argparse.Namespace, result: dict[str, Any]) -> dict[str, Any]:
    """A rating's answer with what the rater weighs beside Perilaku Kerja (the hukuman disiplin
    of the period) and, once final and annual, the angka kredit of the predikat."""
    sanctions = device.discipline(args.nip, args.period)
    credit = device.angka_kredit(args.nip, result)
    if args.json:
        return {**result, "hukuman_disiplin": sanctions, "angka_kredit": credit}
    extra = {"hukuman_disiplin": "; ".join(d["text"] for d in sanctions) or "tidak ada"}
    if credit is not None:
        extra["angka_kredit"] = credit.text
    return {**result, **extra}


def _result(device: Device, args: argparse.Namespace) -> Any:
    view = device.result(nip=args.nip, period=args.period)
    if args.json:
        return view
    from shared_models import PeriodError, parse_period_code

    lines = [f"Hasil penilaian NIP {view.nip}"]
    for a in view.appraisals:
        try:
            label = parse_period_code(a.period_code).label
        except PeriodError:
            label = a.period_code
        predikat = a.predikat.label if a.predikat else "-"
        lines.append(f"- {label} ({a.status}): predikat {predikat}  id {a.id}")
        if a.original_predikat:
            semula = a.original_predikat.label
            lines.append(f"    ditetapkan oleh keputusan keberatan; predikat semula {semula}")
        if a.angka_kredit:
            lines.append(f"    angka kredit: {a.angka_kredit.text}")
        lines += [f"    {d['text']}" for d in a.hukuman_disiplin]
    if not view.appraisals:
        lines.append("- belum ada penilaian")
    lines += [f"Penghargaan: {w['text']}" for w in view.penghargaan]
    return "\n".join(lines)


def _object(device: Device, args: argparse.Namespace) -> Any:
    return device.object(args.appraisal, args.reason)


def _conflicts(device: Device, args: argparse.Namespace) -> Any:
    return device.conflicts(include_resolved=args.all)


def _resolve(device: Device, args: argparse.Namespace) -> Any:
    return device.resolve(args.id, args.keep)


def _pairs(items: list[str], option: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        key, sep, text = item.partition("=")
        if not sep:
            raise InvalidInputError(f"{option} '{item}' harus berbentuk NILAI=TEKS")
        out[key.strip()] = text.strip()
    return out


def _year(device: Device, year: int | None) -> int:
    return year or device.ctx.today().year


def _skp_approve(device: Device, args: argparse.Namespace) -> Any:
    expectations = _pairs(args.expect, "--expect")
    return device.approve_skp(args.nip, _year(device, args.year), expectations=expectations)


def _skp_return(device: Device, args: argparse.Namespace) -> Any:
    with _option_hint("--note"):
        return device.return_skp(args.nip, _year(device, args.year), args.note)


def _log_ack(device: Device, args: argparse.Namespace) -> Any:
    return device.acknowledge_log(args.id)


def _log_comment(device: Device, args: argparse.Namespace) -> Any:
    with _option_hint("--text"):
        return device.comment_log(args.id, args.text, acknowledge=args.ack)


def _team(device: Device, args: argparse.Namespace) -> Any:
    view = device.team(period_code=args.period, quiet_days=args.quiet_days, only=args.only)
    if args.json:
        return view
    lines = [f"Tim saya, {view.label}: {len(view.members)} pegawai"]
    for m in view.members:
        flags = ", ".join(m.attention) or "-"
        lines.append(
            f"{m.nip}  {m.name}  SKP {m.skp_status}  capaian {m.progress:.0%}  "
            f"baru {m.new_entries}  penilaian diri {m.self_assessment}  perhatian: {flags}"
        )
    return "\n".join(lines)


def _objection_list(device: Device, args: argparse.Namespace) -> Any:
    return device.objections(include_decided=not args.open)


def _objection_decide(device: Device, args: argparse.Namespace) -> Any:
    with _option_hint("--reason"):
        return device.decide_objection(
            args.id, uphold=args.uphold, reason=args.reason, new_predikat=args.change
        )
