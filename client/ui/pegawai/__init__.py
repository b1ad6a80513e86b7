"""The employee's own screens: Beranda, the log form, entries, SKP, self-assessment, feedback, conflicts, guide; and the reads and checks behind them."""
