"""Deterministic demo data for Kota Semarang (and a scale mode for benchmarks)."""

from shared_models.demo.generate import (
    DEFAULT_EMPLOYEES,
    DEFAULT_TODAY,
    DEMO_PASSWORD,
    DemoAccount,
    DemoDataset,
    DemoGrant,
    DemoRecord,
    generate,
)

__all__ = [
    "DEFAULT_EMPLOYEES",
    "DEFAULT_TODAY",
    "DEMO_PASSWORD",
    "DemoAccount",
    "DemoDataset",
    "DemoGrant",
    "DemoRecord",
    "generate",
]
