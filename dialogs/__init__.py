"""Qt dialogs: ledger export, settings, sample county loader."""
