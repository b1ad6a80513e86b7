"""Master data: units and employees (a mixin of :class:`SqlQueries`)."""

from __future__ import annotations

import json
from collections.abc import Collection

from server.storage.report_sql import ReportSql
from server.storage.row_sql import (
    EMPLOYEE_COLS,
    UNIT_COLS,
    employee_from_row,
    unit_from_row,
)
from server.storage.rows import (
    Employee,
    Unit,
)

__all__ = ["MasterSql"]


class MasterSql(ReportSql):
    """Master data: units and employees."""

    def unit(self, unit_id: str) -> Unit | None:
        row = self._one(f"SELECT {UNIT_COLS} FROM units WHERE id = ?", unit_id)
        return None if row is None else unit_from_row(row)

    def units(self) -> list[Unit]:
        return [unit_from_row(r) for r in self._all(f"SELECT {UNIT_COLS} FROM units ORDER BY id")]

    def employee(self, nip: str) -> Employee | None:
        row = self._one(f"SELECT {EMPLOYEE_COLS} FROM employees WHERE nip = ?", nip)
        return None if row is None else employee_from_row(row)

    def subordinates(self, nip: str) -> list[Employee]:
        rows = self._all(
            f"SELECT {EMPLOYEE_COLS} FROM employees "
            "WHERE supervisor_nip = ? AND active = 1 ORDER BY nip",
            nip,
        )
        return [employee_from_row(r) for r in rows]

    def top_raters(self) -> list[Employee]:
        rows = self._all(
            f"SELECT {EMPLOYEE_COLS} FROM employees e WHERE e.active = 1"
            " AND coalesce(e.supervisor_nip, '') = ''"
            " AND EXISTS (SELECT 1 FROM employees s WHERE s.supervisor_nip = e.nip"
            " AND s.active = 1) ORDER BY e.nip"
        )
        return [employee_from_row(r) for r in rows]

    def employee_count(self) -> int:
        row = self._one("SELECT count(*) FROM employees")
        return 0 if row is None else int(row[0])

    def put_unit(self, unit: Unit) -> None:
        before = self.unit(unit.id)
        self._conn.execute(
            f"INSERT INTO units ({UNIT_COLS}) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET name = excluded.name, parent_id = excluded.parent_id, "
            "opd_id = excluded.opd_id, kind = excluded.kind",
            (unit.id, unit.name, unit.parent_id, unit.opd_id, unit.kind),
        )
        if before is not None and before.opd_id != unit.opd_id:
            self._move_unit_facts(unit.id, unit.opd_id)

    def put_employee(self, employee: Employee) -> None:
        e = employee
        before = self.employee(e.nip)
        self._conn.execute(
            f"INSERT INTO employees ({EMPLOYEE_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(nip) DO UPDATE SET name = excluded.name, unit_id = excluded.unit_id, "
            "supervisor_nip = excluded.supervisor_nip, jabatan = excluded.jabatan, "
            "kind = excluded.kind, active = excluded.active",
            (e.nip, e.name, e.unit_id, e.supervisor_nip, e.jabatan, e.kind, int(e.active)),
        )
        if before is None or before.unit_id != e.unit_id:
            self._move_facts_of(e.nip, e.unit_id)

    def employee_units(self, unit_ids: Collection[str] | None = None) -> list[tuple[str, str]]:
        sql = "SELECT nip, unit_id FROM employees WHERE active = 1"
        params: tuple[str, ...] = ()
        if unit_ids is not None:
            sql += " AND unit_id IN (SELECT value FROM json_each(?))"
            params = (json.dumps(sorted(unit_ids)),)
        return [(str(r[0]), str(r[1])) for r in self._conn.execute(sql, params).fetchall()]

    def employees_in(self, unit_ids: Collection[str] | None = None) -> list[Employee]:
        if unit_ids is None:
            rows = self._conn.execute(f"SELECT {EMPLOYEE_COLS} FROM employees ORDER BY nip")
        else:
            rows = self._conn.execute(
                f"SELECT {EMPLOYEE_COLS} FROM employees "
                "WHERE unit_id IN (SELECT value FROM json_each(?)) ORDER BY nip",
                (json.dumps(sorted(unit_ids)),),
            )
        return [employee_from_row(r) for r in rows.fetchall()]
