"""`python -m kinerja` behaves like the `kinerja` command."""

from kinerja.cli import main

raise SystemExit(main())
