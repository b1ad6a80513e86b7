"""Kinerja's own face in the browser: page title, favicon, icons, and the splash shown while
the app loads (Flet's defaults show the Flet logo and the title "Flet").

Flet serves ``index.html`` and ``manifest.json`` from the app's assets folder when it has them,
else its own. ``web_assets`` writes that folder at start-up from the installed Flet's own files,
changing only the title, the splash and the names, so the page keeps working across Flet
updates; our icons (``client/ui/assets``) are copied beside them.

The page also draws on its main thread (:data:`SINGLE_THREADED`): Flet serves it cross-origin
isolated, so Flutter's skwasm renderer would rasterize on a web worker beside the main thread's
text layout, which in the Flutter Flet 1.0.5 ships (3.44) can corrupt the wasm heap and freeze
the page for good (flutter/flutter#190039; docs/app.md, "Known issues").
"""

from __future__ import annotations

import json
import pathlib
import re
import shutil

__all__ = ["APP_NAME", "SHORT_NAME", "SINGLE_THREADED", "web_assets"]

APP_NAME = "Kinerja ASN Kota Semarang"
SHORT_NAME = "Kinerja"
DESCRIPTION = "Catatan kinerja harian, SKP dan penilaian ASN Pemerintah Kota Semarang."
THEME = "#00695C"
_ICONS = pathlib.Path(__file__).with_name("assets")

SINGLE_THREADED = """<script>
    // Kinerja: skwasm draws on the main thread (flutter/flutter#190039). flutter_bootstrap.js
    // assigns the loader's configuration to the global flutterConfig; the switch is added then.
    (() => {
      let config;
      Object.defineProperty(window, "flutterConfig", {
        configurable: true,
        get() { return config; },
        set(value) {
          if (value && typeof value === "object") value.forceSingleThreadedSkwasm = true;
          config = value;
        },
      });
    })();
  </script>
"""
"""Set before ``flutter_bootstrap.js`` runs: its ``flutterConfig`` gets
``forceSingleThreadedSkwasm`` (the same build and renderer, drawing on the main thread)."""

_SPLASH = """<div class="kinerja-splash">
      <img src="icons/loading-animation.png" alt="" width="96" height="96" />
      <div class="kinerja-name">Kinerja</div>
      <div class="kinerja-sub">ASN Kota Semarang</div>
      <div class="kinerja-wait">Memuat aplikasi&#8230;</div>
    </div>"""

_SPLASH_STYLE = """
      .kinerja-splash { display: flex; flex-direction: column; align-items: center;
        font-family: Roboto, "Noto Sans", Arial, sans-serif; color: #00332c; }
      #loading .kinerja-splash img { width: 96px; height: 96px; }
      .kinerja-name { font-size: 28px; font-weight: 600; margin-top: 16px; }
      .kinerja-sub { font-size: 16px; margin-top: 4px; }
      .kinerja-wait { font-size: 14px; margin-top: 24px; color: #4a635f; }
      @media (prefers-color-scheme: dark) { .kinerja-splash { color: #e0f2ef; } }
    </style>"""


def _flet_web_dir() -> pathlib.Path:
    import flet_web  # type: ignore[import-untyped]

    return pathlib.Path(flet_web.__file__).parent / "web"


def _index(text: str) -> str:
    text = re.sub(r"<title>.*?</title>", f"<title>{APP_NAME}</title>", text, count=1)
    text = re.sub(
        r'(<meta name="apple-mobile-web-app-title" content=")[^"]*"',
        rf'\g<1>{SHORT_NAME}"',
        text,
        count=1,
    )
    text = re.sub(
        r'(<meta name="description" content=")[^"]*"', rf'\g<1>{DESCRIPTION}"', text, count=1
    )
    text = re.sub(r'aria-label="Loading"', 'aria-label="Memuat Kinerja"', text, count=1)
    if "</head>" not in text:
        raise RuntimeError("Flet's index.html has no </head>: Kinerja cannot set up its page")
    text = text.replace("</head>", SINGLE_THREADED + "</head>", 1)
    text = re.sub(r'<img src="icons/loading-animation.png"[^>]*/>', _SPLASH, text, count=1)
    # the splash's own style closes the loading block's <style>, just before the splash
    return text.replace("    </style>\n    " + _SPLASH, _SPLASH_STYLE + "\n    " + _SPLASH, 1)


def _manifest(text: str) -> str:
    data = json.loads(text)
    data.update(
        name=APP_NAME,
        short_name=SHORT_NAME,
        description=DESCRIPTION,
        theme_color=THEME,
        background_color="#FFFFFF",
    )
    return json.dumps(data, indent=2, ensure_ascii=False)


def web_assets(folder: pathlib.Path) -> pathlib.Path:
    """Write the app's web assets into ``folder`` (made anew at each start) and return it."""
    web = _flet_web_dir()
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(_ICONS, folder)
    (folder / "index.html").write_text(
        _index((web / "index.html").read_text(encoding="utf-8")), encoding="utf-8"
    )
    (folder / "manifest.json").write_text(
        _manifest((web / "manifest.json").read_text(encoding="utf-8")), encoding="utf-8"
    )
    return folder
