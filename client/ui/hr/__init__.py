"""The HR desk's screens: dashboard, distribution, people, profile, master data, exports, audit;
their view models in ``view`` and shared parts in ``common``."""
