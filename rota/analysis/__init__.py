"""Figures about a plan: coverage and expected answered contacts, the centres' load, the
what-if against a flat calendar, and the ranking of extra shifts.

Imports `rota.domain` and `rota.checks`."""
