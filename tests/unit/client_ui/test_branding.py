"""The app's own page (client/ui/branding.py): Kinerja's names, and skwasm drawing on the main
thread (flutter/flutter#190039; the browser tests check that the page starts no worker)."""

from __future__ import annotations

import pathlib

from client.ui.branding import APP_NAME, SINGLE_THREADED, web_assets


def test_the_page_is_kinerjas_and_draws_on_its_main_thread(tmp_path: pathlib.Path) -> None:
    folder = web_assets(tmp_path / "web")
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert f"<title>{APP_NAME}</title>" in page
    assert "Memuat Kinerja" in page
    # the switch is set up once, in the head, before the loader's script assigns its config
    assert page.count("forceSingleThreadedSkwasm") == 1
    switch = page.index(SINGLE_THREADED)
    assert switch < page.index("</head>") < page.index('<script src="flutter_bootstrap.js"')
    assert (folder / "manifest.json").is_file()
