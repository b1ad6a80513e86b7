"""Debian's Chromium driven by Playwright, as a person uses the app: open it on a phone-sized
page with Flutter's accessibility tree on, and type into a field once (:func:`type_into`).

Shared by the browser tests (``tests/ui``) and ``bench.bench_ui``; nothing here imports
``tests``.
"""

from __future__ import annotations

import asyncio
import time

from playwright.async_api import Browser, BrowserContext, Locator, Page, Position
from playwright.async_api import TimeoutError as PlaywrightTimeout

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 412, "height": 915}


# The app's web client (Flet 1.0.5: Flutter 3.44.8) loads its dart2wasm build with the skwasm
# renderer in Chromium. The page is cross-origin isolated (Flet serves COOP/COEP), so skwasm
# would rasterize on a second thread, a web worker, while the main thread lays out text; in
# that Flutter both share Skia's glyph cache with no working lock and can corrupt the wasm
# heap, after which the main thread spins at 100 % and the page never answers again
# (flutter/flutter#190039, fixed after 3.44 by flutter/flutter#190048). The app's own page
# turns on the loader's switch for the single-threaded skwasm (client.ui.branding.
# SINGLE_THREADED). The page counts the workers it starts (skwasm starts its raster worker
# before the first frame), so that open_app fails when the app's switch stops taking.
COUNT_WORKERS = """(() => {
    const NativeWorker = window.Worker;
    window.__kinerjaWorkers = 0;
    window.Worker = function Worker(...args) {
        window.__kinerjaWorkers += 1;
        return new NativeWorker(...args);
    };
    window.Worker.prototype = NativeWorker.prototype;
})();"""


# Every frame the page sends to the app (Flet's protocol over one WebSocket), kept so that a
# test can check that what it typed reached the app (type_into).
_RECORD_SENT = """(() => {
    const sent = [];
    window.__kinerjaSent = sent;
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (data) {
        if (data instanceof ArrayBuffer) {
            sent.push(new Uint8Array(data.slice(0)));
        } else if (ArrayBuffer.isView(data)) {
            const end = data.byteOffset + data.byteLength;
            sent.push(new Uint8Array(data.buffer.slice(data.byteOffset, end)));
        } else if (typeof data === "string") {
            sent.push(new TextEncoder().encode(data));
        }
        return send.call(this, data);
    };
})();"""


async def open_app(
    where: Browser | BrowserContext, url: str, viewport: dict[str, int] | None = None
) -> Page:
    """A page (phone-sized unless told) with the app loaded, single-threaded
    (the app's own page must start no worker, :data:`COUNT_WORKERS`), and Flutter's
    accessibility tree on, recording what it
    sends to the app. From a ``Browser``: a new browser of its own (a new device: it signs
    in); from a ``BrowserContext``: another tab of that browser (its device, signed in as it
    is)."""
    if isinstance(where, BrowserContext):
        page = await where.new_page()
        if viewport is not None:
            await page.set_viewport_size(viewport)  # type: ignore[arg-type]
    else:
        page = await where.new_page(viewport=viewport or PHONE)
    await page.add_init_script(COUNT_WORKERS)
    await page.add_init_script(_RECORD_SENT)
    await page.goto(url)
    await page.wait_for_function("() => !document.getElementById('loading')")
    if await page.evaluate("() => window.__kinerjaWorkers !== 0"):
        raise AssertionError(  # skwasm started its raster worker: the switch did not take
            "the app renders on a worker thread: client.ui.branding.SINGLE_THREADED no longer "
            "takes (did Flet's index.html or flutter_bootstrap.js change?)"
        )
    await page.evaluate("() => document.querySelector('flt-semantics-placeholder').click()")
    await page.wait_for_selector("flt-semantics-host flt-semantics")
    return page


# Typing into Flutter web (accessibility tree on) as a person would, so that what is lost is
# the app's fault, never the test's:
# * A tap on a text field makes Flutter connect its text input to the field: a round trip
#   through the framework that ends with the engine configuring the field's DOM input (it sets
#   its "autocorrect" attribute, among others) and writing the field's text into it. Text filled
#   before that is overwritten.
# * A tap made while the screen is still moving (the ripple of the tab just tapped, a screen
#   being built) can lose its focus again ~0.1 s later: a semantics update computed before the
#   tap blurs the input. Text filled in that window stays in the DOM input but never reaches
#   the app. A person taps once the screen is still, and taps again when there is no cursor.
# So: wait for a still screen, tap, wait until the engine configured the input and the focus
# stayed, tap again if it went away, then type once. The text must then reach the app (a frame
# sent to it carries the text) and stay in the field.
_WATCH = """el => {
    el.__kinerjaTaken = false;
    new MutationObserver((records, observer) => {
        el.__kinerjaTaken = true;
        observer.disconnect();
    }).observe(el, {attributes: true, attributeFilter: ["autocorrect"]});
}"""
_STATE = "el => [el.__kinerjaTaken === true, document.activeElement === el]"
_SENT_SINCE = """([since, text]) => {
    const want = new TextEncoder().encode(text);
    const has = frame => {
        outer: for (let i = 0; i + want.length <= frame.length; i++) {
            for (let j = 0; j < want.length; j++) if (frame[i + j] !== want[j]) continue outer;
            return true;
        }
        return false;
    };
    return window.__kinerjaSent.slice(since).some(has);
}"""
STILL = """quiet => new Promise(resolve => {
    const host = document.querySelector("flt-semantics-host") || document.body;
    const started = performance.now();
    let timer = setTimeout(done, quiet);
    const observer = new MutationObserver(() => {
        clearTimeout(timer);
        timer = setTimeout(done, performance.now() - started > 3000 ? 0 : quiet);
    });
    function done() { observer.disconnect(); resolve(null); }
    observer.observe(host, {subtree: true, childList: true, attributes: true});
})"""
HUNG_AFTER_S = 30.0
"""A page that does not answer a still-screen wait for this long has a busy renderer."""


async def settle(page: Page, quiet_ms: int = 250) -> None:
    """Wait for a still screen (:data:`STILL`: no change of the accessibility tree for
    ``quiet_ms``, 3 s at most). ``page.evaluate`` has no timeout of its own: a page whose
    renderer stopped answering fails here, with words, instead of holding the run forever."""
    try:
        await asyncio.wait_for(page.evaluate(STILL, quiet_ms), HUNG_AFTER_S)
    except TimeoutError as err:
        raise AssertionError(
            f"the page did not answer for {HUNG_AFTER_S:.0f} s: its renderer is busy or hung"
        ) from err


RETAPPED: list[str] = []
"""Fields that needed a second tap for the cursor (the benchmark reports how many)."""


async def type_into(target: Locator, text: str, name: str = "", keeps: str | None = None) -> None:
    """Type ``text`` into a text field as a person would (see above), once, and check that the
    text reached the app and stayed. Text that does not is a defect (docs/app.md, "Known
    issues") and fails the test: it is never typed again. ``keeps``: what the field is to keep
    of it when that is less (a field with a length limit cuts what is typed past it)."""
    kept = text if keeps is None else keeps
    deadline = time.monotonic() + 20
    already = "el => document.activeElement === el && el.getAttribute('autocorrect') === 'on'"
    if not await target.evaluate(already):  # not the field being typed in already
        await _tap_until_cursor(target, name, deadline)
    since = await target.page.evaluate("() => window.__kinerjaSent.length")
    await target.fill(text)
    typed = time.monotonic()
    while kept and not await target.page.evaluate(_SENT_SINCE, [since, kept]):
        if time.monotonic() - typed > 10:
            shown = await target.input_value()
            raise AssertionError(
                f"typed text never reached the app from {name!r}: typed {text!r}, "
                f"the field shows {shown!r}"
            )
        await asyncio.sleep(0.02)
    await asyncio.sleep(0.15)
    shown = await target.input_value()
    if shown != kept:
        raise AssertionError(f"typed text lost in {name!r}: typed {text!r}, it shows {shown!r}")


async def _tap_field(target: Locator) -> None:
    """Tap a text field in its middle, or near its start when something else would take the
    tap there: Flutter web may stretch a field's node across its whole row, whose middle can
    be another control's button."""
    box = await target.bounding_box()
    height = box["height"] if box is not None else 40
    start: Position = {"x": min(24, height / 2), "y": height / 2}
    try:
        await target.click(trial=True, timeout=2_000)
    except PlaywrightTimeout:
        await target.click(position=start)
    else:
        await target.click()


async def _tap_until_cursor(target: Locator, name: str, deadline: float) -> None:
    while True:
        await settle(target.page)
        await target.evaluate(_WATCH)
        await _tap_field(target)
        tapped = time.monotonic()
        while time.monotonic() - tapped < 3:
            taken, focused = await target.evaluate(_STATE)
            if not focused and time.monotonic() - tapped > 0.3:
                break  # the focus went away: no cursor
            if taken and focused and time.monotonic() - tapped > 0.3:
                return  # configured, and the focus stayed
            await asyncio.sleep(0.02)
        if time.monotonic() > deadline:
            raise AssertionError(f"the field {name!r} never took the cursor")
        RETAPPED.append(name)
