"""The employee's own screens: Beranda, the log form, entries, SKP, self-assessment, feedback,
conflicts, the guide, Lainnya; and the reads, checks and form rules behind them."""
