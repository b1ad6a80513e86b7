"""HR reports and master-data administration: dashboards, distribution check, exports, the
printable evaluation document, CSV import, mutasi, periods and organisation predikat.

Everything here is scoped by :mod:`server.reports.scope` (BKPP: the city; admin_opd: their OPD)
and reads the ``report_facts`` the storage keeps in step with the records.
"""

from server.reports.dashboard import Dashboard, dashboard
from server.reports.distribution import DistributionReport, distribution
from server.reports.imports import ImportResult, import_employees, import_units

__all__ = [
    "Dashboard",
    "DistributionReport",
    "ImportResult",
    "dashboard",
    "distribution",
    "import_employees",
    "import_units",
]
