"""The sync runner and what it reports."""

from client.syncing.progress import Listener, Outcome, Phase, SyncProgress, SyncReport
from client.syncing.retry import RetryPolicy, SyncCancelledError
from client.syncing.runner import RunnerConfig, SyncHandle, SyncRunner

__all__ = [
    "Listener",
    "Outcome",
    "Phase",
    "RetryPolicy",
    "RunnerConfig",
    "SyncCancelledError",
    "SyncHandle",
    "SyncProgress",
    "SyncReport",
    "SyncRunner",
]
