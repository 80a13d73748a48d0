"""Files in and out: the scenario YAML, plan folders (CSV), rosters (CSV/Excel), seats, the
national debrief file, synthetic rosters, and output folders swapped in whole.

Imports `rota.domain`."""
