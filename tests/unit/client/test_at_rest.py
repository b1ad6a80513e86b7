"""A lost phone (issue #14, item 8): the device's files reveal nothing without the password.

Real SQLCipher files and real evidence files on disk: modes 0600/0700, raw bytes without the
record text, the token or a photo, a wrong password or key refused in words, evidence that
round-trips through the encrypted format, the command line's session key, re-wrapping after a
password change, and a store from before encryption encrypted at the next sign-in.
"""

from __future__ import annotations

import hashlib
import json
import os
import pathlib
import sqlite3
import stat

import httpx
import msgspec
import pytest

from client import Device, NotSignedInError
from client.errors import StoreLockedError
from client.evidence_files import (
    CHUNK_BYTES,
    EvidenceDamagedError,
    EvidenceFile,
    EvidenceVault,
    inspect_file,
)
from client.home import Home, rewrap_store_key
from client.store import SYNCED, Store, StoreKey, is_plain_sqlite
from client.store.keycache import MemoryKeys, SessionKeyFiles
from kinerja.cli import main as kinerja_main
from tests.unit.client.conftest import IND, JPEG, NIP, Server, period_record, skp_record

NOTE = "Kunjungan rumah pasien TBC di RT 04 Bugangan"
TOKEN = "tok-123"
JFIF = JPEG[:11]  # b"\xff\xd8\xff\xe0\x00\x10JFIF\x00": a JPEG's first bytes


@pytest.fixture(autouse=True)
def session_keys(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> pathlib.Path:
    """The command line's session keys go to a folder of this test."""
    folder = tmp_path / "session-keys"
    monkeypatch.setenv("KINERJA_DEVICE_KEYS", str(folder))
    return folder


def _mode(path: pathlib.Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _with_skp(device: Device) -> None:
    store = device.ctx.store
    with store.transaction():
        store.records.put(skp_record(), SYNCED)
        store.records.put(period_record("2026-T4", "2026-10-01", "2026-12-31", open_=True), SYNCED)


def _entry(photo: pathlib.Path) -> dict[str, object]:
    return {"indicator": IND, "date": "2026-11-20", "value": 3, "note": NOTE, "evidence": [photo]}


def _raw(paths: list[pathlib.Path]) -> bytes:
    return b"".join(p.read_bytes() for p in paths if p.is_file())


@pytest.fixture
def photo(tmp_path: pathlib.Path) -> pathlib.Path:
    path = tmp_path / "foto.jpg"
    path.write_bytes(JPEG + os.urandom(200_000))  # a few chunks
    return path


def test_a_stolen_copy_of_the_files_reveals_no_record_token_or_photo(
    device: Device, photo: pathlib.Path
) -> None:
    _with_skp(device)
    view = device.add_log(_entry(photo))
    home = device.home
    db = home.db_path(NIP)
    # read while the store is open: the WAL holds the newest pages
    files = [db, pathlib.Path(f"{db}-wal"), pathlib.Path(f"{db}-shm"), home.key_path(NIP)]
    assert pathlib.Path(f"{db}-wal").stat().st_size > 0
    evidence = [p for p in home.evidence_dir(NIP).rglob("*") if p.is_file()]
    assert len(evidence) == 1
    raw = _raw(files + evidence)
    for secret in (NOTE.encode(), TOKEN.encode(), JFIF, b"Dewi Rahayu", b"SQLite format 3"):
        assert secret not in raw, secret
    assert not evidence[0].read_bytes().startswith(b"\xff\xd8\xff")
    # ... while the device itself reads everything back
    assert device.list_logs()[0].note == NOTE
    sha = view.evidence[0].sha256
    assert device.ctx.evidence.read(sha) == photo.read_bytes()
    assert evidence[0].name == sha == hashlib.sha256(photo.read_bytes()).hexdigest()
    # the standard SQLite library sees no database at all
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(db).execute("SELECT count(*) FROM sqlite_master").fetchone()


def test_files_are_0600_and_folders_0700(
    device: Device, photo: pathlib.Path, session_keys: pathlib.Path
) -> None:
    _with_skp(device)
    device.add_log(_entry(photo))
    home = device.home
    db = home.db_path(NIP)
    for path in (db, pathlib.Path(f"{db}-wal"), pathlib.Path(f"{db}-shm"), home.key_path(NIP)):
        assert _mode(path) == 0o600, path
    assert _mode(home.root / "session.json") == 0o600
    assert _mode(home.root) == 0o700  # made by the device
    folders = [home.root / "users", home.user_dir(NIP), home.evidence_dir(NIP)]
    folders += [p for p in home.evidence_dir(NIP).rglob("*") if p.is_dir()]
    for folder in folders:
        assert _mode(folder) == 0o700, folder
    for path in home.evidence_dir(NIP).rglob("*"):
        if path.is_file():
            assert _mode(path) == 0o600, path
    keys = list(session_keys.iterdir())
    assert len(keys) == 1
    assert _mode(session_keys) == 0o700
    assert _mode(keys[0]) == 0o600
    assert not keys[0].is_relative_to(home.root)  # the key is not kept beside the data


def test_an_older_store_with_open_modes_is_tightened(tmp_path: pathlib.Path) -> None:
    home = Home(tmp_path / "home")
    key = StoreKey.new()
    user = home.ensure_user_dir(NIP)
    Store(home.db_path(NIP), key=key).close()
    os.chmod(user, 0o755)
    os.chmod(home.db_path(NIP), 0o644)
    home.ensure_user_dir(NIP)
    with Store(home.db_path(NIP), key=key):
        assert _mode(user) == 0o700
        assert _mode(home.db_path(NIP)) == 0o600


def test_a_wrong_password_is_refused_in_words(device: Device) -> None:
    device.logout()
    with pytest.raises(StoreLockedError, match=r"^NIP atau kata sandi salah$"):
        device.login(NIP, "salah")
    assert device.login(NIP, "rahasia")["mode"] == "offline"


def test_a_wrong_password_on_the_command_line_is_one_line_not_a_traceback(
    device: Device, capsys: pytest.CaptureFixture[str]
) -> None:
    home = str(device.home.root)
    device.logout()
    device.close()
    code = kinerja_main(["device", "--home", home, "login", "--nip", NIP, "--password", "salah"])
    err = capsys.readouterr().err
    assert code == 4
    assert err == "kinerja: galat: NIP atau kata sandi salah\n"


def test_a_wrong_key_does_not_open_the_store(device: Device) -> None:
    path = device.ctx.store.path
    device.close()
    with pytest.raises(StoreLockedError, match="tidak dapat dibuka dengan kunci ini"):
        Store(path, key=StoreKey.new())
    with pytest.raises(StoreLockedError):
        Store(path, key=None)


def test_a_damaged_key_file_is_named(device: Device) -> None:
    device.logout()
    device.home.key_path(NIP).write_text('{"v": 1, "kdf": "argon2id"}')
    with pytest.raises(StoreLockedError, match="berkas kunci data perangkat rusak"):
        device.login(NIP, "rahasia")


# evidence files ---------------------------------------------------------------------------


@pytest.fixture
def vault(tmp_path: pathlib.Path) -> EvidenceVault:
    return EvidenceVault(tmp_path / "evidence", StoreKey.new().files)


def _item(tmp_path: pathlib.Path, content: bytes) -> EvidenceFile:
    path = tmp_path / "source.bin"
    path.write_bytes(content)
    sha = hashlib.sha256(content).hexdigest()
    return EvidenceFile(source=path, sha256=sha, size=len(content), mime="image/jpeg")


@pytest.mark.parametrize(
    "size", [0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 3 * CHUNK_BYTES + 5]
)
def test_evidence_round_trips_at_every_chunk_boundary(
    vault: EvidenceVault, tmp_path: pathlib.Path, size: int
) -> None:
    content = JPEG[: min(size, len(JPEG))] + os.urandom(max(0, size - len(JPEG)))
    item = _item(tmp_path, content)
    target = vault.put(item)
    assert target.read_bytes()[:4] == b"KNJE"
    assert vault.size(item.sha256) == size
    assert vault.read(item.sha256) == content
    assert b"".join(vault.chunks(item.sha256)) == content
    for offset, length in ((0, 16), (CHUNK_BYTES - 3, 10), (size // 2, CHUNK_BYTES + 7)):
        assert vault.read_range(item.sha256, offset, length) == content[offset : offset + length]
    assert vault.put(item) == target  # already there: unchanged


def test_a_damaged_truncated_or_renamed_evidence_file_is_refused(
    vault: EvidenceVault, tmp_path: pathlib.Path
) -> None:
    content = JPEG + os.urandom(2 * CHUNK_BYTES)
    item = _item(tmp_path, content)
    target = vault.put(item)
    sealed = target.read_bytes()

    target.write_bytes(sealed[:-40] + bytes([sealed[-40] ^ 1]) + sealed[-39:])
    with pytest.raises(EvidenceDamagedError, match="rusak atau tidak dapat dibuka"):
        vault.read(item.sha256)

    target.write_bytes(sealed[: 24 + 2 * (CHUNK_BYTES + 16)])  # the final chunk cut off
    with pytest.raises(EvidenceDamagedError):
        vault.read(item.sha256)

    other = "0" * 64
    vault.path(other).parent.mkdir(parents=True, exist_ok=True)
    vault.path(other).write_bytes(sealed)  # the same bytes under another name
    with pytest.raises(EvidenceDamagedError):
        vault.read(other)

    stranger = EvidenceVault(vault.folder, StoreKey.new().files)  # another user's key
    target.write_bytes(sealed)
    assert vault.read(item.sha256) == content
    with pytest.raises(EvidenceDamagedError):
        stranger.read(item.sha256)


def test_a_download_resumes_after_a_broken_connection(vault: EvidenceVault) -> None:
    content = JPEG + os.urandom(3 * CHUNK_BYTES)
    sha = hashlib.sha256(content).hexdigest()
    first = vault.receive(sha)
    assert first.offset() == 0
    first.begin(resume=False)
    first.write(content[:150_000])
    first.abort()  # the connection broke
    assert not vault.has(sha)
    part = vault.path(sha).with_name(sha + ".part")
    assert JFIF not in part.read_bytes()

    again = vault.receive(sha)
    held = again.offset()
    assert held == 2 * CHUNK_BYTES  # whole chunks only; the tail is fetched again
    again.begin(resume=True)
    again.write(content[held:])
    assert again.finish()
    assert vault.read(sha) == content
    assert not part.exists()


def test_a_download_with_the_wrong_content_is_not_kept(vault: EvidenceVault) -> None:
    sha = hashlib.sha256(b"the real photo").hexdigest()
    sink = vault.receive(sha)
    sink.offset()
    sink.begin(resume=False)
    sink.write(b"something else")
    assert not sink.finish()
    assert not vault.has(sha)
    assert list(vault.folder.rglob("*.part")) == []


def test_the_checked_file_keeps_the_sha256_of_its_plain_content(
    vault: EvidenceVault, photo: pathlib.Path
) -> None:
    item = inspect_file(photo)
    vault.put(item)
    assert item.sha256 == hashlib.sha256(photo.read_bytes()).hexdigest()
    assert vault.path(item.sha256).name == item.sha256


# the key between commands -----------------------------------------------------------------


def test_each_command_finds_the_session_key_until_logout(device: Device) -> None:
    home = device.home.root
    device.close()
    with Device(home) as later:  # the next command: a new process, no password
        assert later.status().nip == NIP
        later.logout()
    with Device(home) as after, pytest.raises(NotSignedInError):
        after.status()
    assert SessionKeyFiles().get(home, NIP) is None


def test_an_expired_session_key_locks_the_data(
    device: Device, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = device.home.root
    key = device.ctx.store.key
    assert key is not None
    device.close()
    monkeypatch.setenv("KINERJA_DEVICE_SESSION_HOURS", "0")
    SessionKeyFiles().put(home, NIP, key)  # written already expired
    with Device(home) as later, pytest.raises(StoreLockedError, match="kinerja device login"):
        later.status()
    with Device(home) as later:  # offline sign-in opens it again
        assert later.login(NIP, "rahasia")["mode"] == "offline"


def test_a_session_key_others_could_read_is_not_used(
    device: Device, session_keys: pathlib.Path
) -> None:
    home = device.home.root
    device.close()
    (key_file,) = session_keys.iterdir()
    os.chmod(key_file, 0o644)
    assert SessionKeyFiles().get(home, NIP) is None
    os.chmod(key_file, 0o600)
    os.chmod(session_keys, 0o755)
    assert SessionKeyFiles().get(home, NIP) is None


def test_the_app_keeps_the_key_in_memory_only(
    tmp_path: pathlib.Path, server: Server, session_keys: pathlib.Path
) -> None:
    keys = MemoryKeys()
    home = tmp_path / "app-home"
    with Device(home, http_transport=httpx.MockTransport(server), keys=keys) as app:
        app.login(NIP, "rahasia", server="http://kinerja.test")
    assert not session_keys.exists() or list(session_keys.iterdir()) == []
    with Device(home, keys=keys) as tab:  # another tab of the same app process
        assert tab.status().nip == NIP
    with Device(home, keys=MemoryKeys()) as restarted, pytest.raises(StoreLockedError):
        restarted.status()


# password changes -------------------------------------------------------------------------


def test_rewrap_store_key_after_a_password_change(device: Device) -> None:
    home = device.home
    device.logout()
    with pytest.raises(StoreLockedError, match="salah"):
        rewrap_store_key(home.root, NIP, "bukan-sandi-lama", "baru-2026")
    rewrap_store_key(home.root, NIP, "rahasia", "baru-2026")
    with pytest.raises(StoreLockedError, match="salah"):
        device.login(NIP, "rahasia")
    assert device.login(NIP, "baru-2026")["mode"] == "offline"
    assert device.ctx.store.meta.get("name") == "Dewi Rahayu"  # the same data, the same key


class _Accounts:
    """A login endpoint whose password can change (as on another device)."""

    def __init__(self, password: str) -> None:
        self.password = password

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/auth/login":
            body = msgspec.json.decode(request.content)
            if body["password"] != self.password:
                return httpx.Response(
                    401, json={"code": "login_failed", "message": "NIP atau kata sandi salah."}
                )
            answer = {"token": TOKEN, "device_id": "d1", "expires": 2e9, "nip": NIP}
            answer |= {"expires_at": "2033-05-18T03:33:20Z", "server_replica_id": "s0"}
            return httpx.Response(200, json=answer | {"roles": ["pegawai"]})
        return httpx.Response(200, json={"nip": NIP, "name": "Dewi Rahayu"})


def test_a_password_changed_elsewhere_opens_the_data_with_the_old_one_once(
    tmp_path: pathlib.Path,
) -> None:
    accounts = _Accounts("lama-2025")
    device = Device(tmp_path / "home", http_transport=httpx.MockTransport(accounts))
    device.login(NIP, "lama-2025", server="http://kinerja.test")
    device.logout()
    accounts.password = "baru-2026"  # changed on another device
    with pytest.raises(StoreLockedError, match="kata sandi lama"):
        device.login(NIP, "baru-2026", server="http://kinerja.test")
    device.login(NIP, "baru-2026", server="http://kinerja.test", old_password="lama-2025")
    device.logout()
    assert device.login(NIP, "baru-2026")["mode"] == "offline"
    device.logout()
    with pytest.raises(StoreLockedError, match="salah"):
        device.login(NIP, "lama-2025")
    device.close()


# a store from before encryption -----------------------------------------------------------


def _plain_store(home: Home, photo: pathlib.Path) -> str:
    """A user store as the device wrote it before encryption: plain SQLite, plain evidence."""
    from client import auth

    home.user_dir(NIP).mkdir(parents=True)
    os.chmod(home.user_dir(NIP), 0o755)
    with Store(home.db_path(NIP), key=None) as store, store.transaction():
        store.meta.set("nip", NIP)
        store.meta.set("token", TOKEN)
        store.meta.set("device_id", "d1")
        store.meta.set("verifier", auth.make_verifier("rahasia"))
        store.records.put(skp_record(), SYNCED)
    item = inspect_file(photo)
    target = home.evidence_dir(NIP) / item.sha256[:2] / item.sha256
    target.parent.mkdir(parents=True)
    target.write_bytes(photo.read_bytes())
    home.sign_in(NIP)
    return item.sha256


def test_a_store_from_before_encryption_is_encrypted_at_the_next_sign_in(
    tmp_path: pathlib.Path, photo: pathlib.Path
) -> None:
    home = Home(tmp_path / "home")
    sha = _plain_store(home, photo)
    assert is_plain_sqlite(home.db_path(NIP))
    with Device(home.root) as device:
        with pytest.raises(NotSignedInError):  # no key yet: sign in first
            device.status()
        with pytest.raises(StoreLockedError, match="salah"):
            device.login(NIP, "salah")
        assert is_plain_sqlite(home.db_path(NIP))  # a wrong password changes nothing
        assert device.login(NIP, "rahasia")["mode"] == "offline"
        assert device.ctx.store.meta.get("token") == TOKEN
        assert device.skp().rhk[0].text == "Cakupan kunjungan rumah"
        assert device.ctx.evidence.read(sha) == photo.read_bytes()
        db = home.db_path(NIP)
        raw = _raw([db, pathlib.Path(f"{db}-wal"), home.evidence_dir(NIP) / sha[:2] / sha])
    assert not is_plain_sqlite(db)
    for secret in (TOKEN.encode(), JFIF, b"Cakupan kunjungan rumah"):
        assert secret not in raw
    assert _mode(home.user_dir(NIP)) == 0o700
    assert json.loads(home.key_path(NIP).read_text())["kdf"] == "argon2id"


def test_photos_picked_in_the_app_wait_for_the_save_in_private_files(
    tmp_path: pathlib.Path,
) -> None:
    from client.ui.pegawai.evidence import Picked, stage, unstage

    folder = tmp_path / "home" / "tmp-evidence"
    paths = stage(folder, [Picked(name="foto.jpg", data=JPEG)])
    assert _mode(folder) == 0o700
    assert [_mode(p) for p in paths] == [0o600]
    unstage(folder, paths)
    assert list(folder.iterdir()) == []
