"""The HR desk's screens: dashboard, distribution, people, profile, master data, exports, audit; view models in ``view``."""
