"""A copy dropped on a refusal comes back with the scope (``PullRequest.refetch``). The head of
the Puskesmas comments on a nurse's log without a signal; meanwhile BKPP moves her under the
head of the Dinas, so his comment is refused without the record and his app drops its copy; the
move is undone before his app pulls. His next pull asks for the dropped log again and gets it:
nothing the server holds in his scope is missing from his tablet, and his refused comment stays
visible as a conflict (I2). The real device and the real server application, in-process."""

from __future__ import annotations

from client.hr_api import HrApi
from tests.integration.test_device_sync import URL, World, log
from tests.integration.test_device_sync import world as world  # the fixture
from tests.unit.server import dataset


def test_a_copy_dropped_on_a_refusal_comes_back_with_the_scope(world: World) -> None:
    nurse = world.signed_in("nurse", dataset.NURSE)
    assert nurse.sync().ok
    entry = nurse.add_log(log())
    assert nurse.sync().ok
    bkpp = world.signed_in("bkpp", dataset.BKPP)
    hr = HrApi(URL, str(bkpp.ctx.store.meta.get("token")), transport=world.bridge)
    moved_back: list[str] = []

    def between_push_and_pull(step: str) -> None:
        if step == "push.applied" and not moved_back:  # the refusal is applied: move her back
            hr.mutasi(dataset.NURSE, supervisor_nip=dataset.KAPUS)
            moved_back.append(step)

    head = world.signed_in("kapus", dataset.KAPUS, step_hook=between_push_and_pull)
    moved_back.append("not yet")  # his first sync needs no hook
    assert head.sync().ok
    moved_back.clear()
    head.comment_log(entry.id, "Sudah dicek")
    hr.mutasi(dataset.NURSE, supervisor_nip=dataset.KADINKES)
    report = head.sync()
    assert report.ok, report.message
    assert moved_back == ["push.applied"]
    assert [e.id for e in head.list_logs(nip=dataset.NURSE)] == [entry.id]
    # his comment on the log and the feedback note it makes, refused: both kept in view
    assert sorted(c.kind for c in head.conflicts()) == ["feedback", "progress_log"]
    server = world.server_records()[entry.id]
    assert "supervisor_comment" not in server.fields
