"""Names to global actors across reports; role timelines."""
