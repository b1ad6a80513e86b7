"""The `kinerja` command: one entry point that wires the server, the device and the demo."""

__all__: list[str] = []
