"""Evidence files: type sniffing and the resumable, content-addressed upload service."""

from server.evidence.access import EvidenceStatus, check_sha256
from server.evidence.service import EvidenceService
from server.evidence.sniff import ALLOWED_TYPES, sniff_mime

__all__ = ["ALLOWED_TYPES", "EvidenceService", "EvidenceStatus", "check_sha256", "sniff_mime"]
