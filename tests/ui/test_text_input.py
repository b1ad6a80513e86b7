"""Typed text is never sent back older (client/ui/common/widgets.text_input), without a browser.

The screens are rendered by a real Flet session whose connection records the messages it
would send to the browser; the browser's side is played by hand, message by message, in the
order a browser sends them: a field's new text arrives first (applied to the control at once),
its change event is handled later, in a task of its own. A render that happens in between is
the moment a controlled field (``value`` from state on every render) sends its older text back
over the newer keystrokes.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any, cast

import flet as ft
import msgpack
import pytest
from flet.controls.base_control import BaseControl
from flet.controls.context import _context_page
from flet.messaging.connection import Connection
from flet.messaging.protocol import Message, configure_encode_object_for_msgpack
from flet.messaging.session import Session
from flet.pubsub.pubsub_hub import PubSubHub

from client.ui.common.widgets import text_input


class Recorder(Connection):
    """A connection that keeps what would go to the browser (encoded for real: Flet takes
    its snapshots of the previous state while encoding)."""

    def __init__(self) -> None:
        super().__init__()
        self.page_url = "http://127.0.0.1/"
        self.sent: list[Any] = []

    def send_message(self, message: Message) -> None:
        body = msgpack.packb(
            [message.action, message.body],
            default=configure_encode_object_for_msgpack(BaseControl),
        )
        self.sent.append(msgpack.unpackb(body, strict_map_key=False))

    def values_sent(self) -> list[Any]:
        """Every ``value`` the browser was told since the last ``sent.clear()``."""
        out = []
        for action, body in self.sent:
            if action == 2:  # PATCH_CONTROL: [[tree], [op, node, prop, value], ...]
                out += [op[3] for op in body["patch"][1:] if len(op) == 4 and op[2] == "value"]
        return out


class Browser:
    """Plays the browser's side of one session."""

    def __init__(self, session: Session, conn: Recorder) -> None:
        self.session = session
        self.conn = conn

    async def settle(self) -> None:
        for _ in range(5):  # the update scheduler and effects run as tasks
            await asyncio.sleep(0.01)

    def field(self, label: str) -> ft.TextField:
        return next(
            c
            for c in list(self.session.index.values())
            if isinstance(c, ft.TextField) and c.label == label
        )

    def button(self, text: str) -> ft.Button:
        return next(
            c
            for c in list(self.session.index.values())
            if isinstance(c, ft.Button) and c.content == text
        )

    def text_arrives(self, label: str, text: str) -> None:
        """The field's new text reaches Python (its change event is not handled yet)."""
        self.session.apply_patch(self.field(label)._i, {"value": text})

    async def change_event(self, label: str, text: str) -> None:
        await self.session.dispatch_event(self.field(label)._i, "change", text)
        await self.settle()

    async def click(self, text: str) -> None:
        await self.session.dispatch_event(self.button(text)._i, "click", None)
        await self.settle()


@pytest.fixture
async def browser_for() -> AsyncIterator[Callable[..., Any]]:
    sessions: list[Session] = []

    async def render(component: Callable[..., Any], *args: Any) -> Browser:
        loop = asyncio.get_running_loop()
        conn = Recorder()
        conn.loop = loop
        conn.pubsubhub = PubSubHub(loop=loop)
        session = Session(conn)
        sessions.append(session)
        _context_page.set(session.page)
        session.page.render(component, *args)
        session.get_page_patch()  # what the browser receives when it connects
        browser = Browser(session, conn)
        await browser.settle()
        return browser

    yield render
    for session in sessions:
        session.close()
    await asyncio.sleep(0.01)


@ft.component
def Form(controlled: bool, typed: dict[str, str]) -> ft.Control:  # noqa: N802
    """A note field and a button that re-renders the form (like an error shown or a sync)."""
    note, set_note = ft.use_state("")
    clicks, set_clicks = ft.use_state(0)

    def put(text: str) -> None:
        typed["note"] = text

    field = (
        ft.TextField(label="note", value=note, on_change=lambda e: set_note(e.control.value))
        if controlled
        else text_input("", put, label="note")
    )
    return ft.Column(
        [ft.Text(f"render {clicks}"), field, ft.Button("other", on_click=lambda: set_clicks(1))]
    )


async def test_a_render_between_text_and_change_event_keeps_the_newer_text(
    browser_for: Callable[..., Any],
) -> None:
    typed: dict[str, str] = {}
    b = await browser_for(Form, False, typed)
    b.text_arrives("note", "a")
    await b.change_event("note", "a")
    b.conn.sent.clear()
    b.text_arrives("note", "ab")  # "b" typed; its change event is still on its way
    await b.click("other")  # a re-render in that instant
    assert "render 1" in b.conn.values_sent()
    assert "a" not in b.conn.values_sent()  # nothing older goes back to the field
    await b.change_event("note", "ab")
    assert typed == {"note": "ab"}
    assert b.field("note").value == "ab"


async def test_a_controlled_field_sends_the_older_text_back(
    browser_for: Callable[..., Any],
) -> None:
    """The defect text_input avoids (Flet 1.0.5): the same moment with a controlled field."""
    b = await browser_for(Form, True, {})
    b.text_arrives("note", "a")
    await b.change_event("note", "a")
    b.conn.sent.clear()
    b.text_arrives("note", "ab")
    await b.click("other")
    assert "a" in b.conn.values_sent()  # the browser is told "a" while it shows "ab"


@ft.component
def Resettable(value: str) -> ft.Control:  # noqa: N802
    """A field that follows ``value`` until edited, and is emptied by "clear"."""
    rounds, set_rounds = ft.use_state(0)
    source, set_source = ft.use_state(value)
    return ft.Column(
        [
            text_input(source, None, reset=rounds, label="note"),
            ft.Button("clear", on_click=lambda: (set_source(""), set_rounds(rounds + 1))),
            ft.Button("sync", on_click=lambda: set_source("from the server")),
        ]
    )


async def test_value_reset_and_following_the_source(browser_for: Callable[..., Any]) -> None:
    b = await browser_for(Resettable, "saved text")
    assert b.field("note").value == "saved text"
    await b.click("sync")  # not edited yet: the field follows new data
    assert b.field("note").value == "from the server"
    b.text_arrives("note", "mine")
    await b.change_event("note", "mine")
    b.conn.sent.clear()
    await b.click("sync")  # edited: new data does not overwrite it
    assert "from the server" not in b.conn.values_sent()
    assert b.field("note").value == "mine"
    await b.click("clear")  # an explicit reset does
    assert "" in b.conn.values_sent()
    assert cast(str, b.field("note").value) == ""
