"""What people read: iCalendar feeds (per centre, per service, per responder, merged, extra
shifts), report.md and assignment.md.

Imports `rota.domain`, `rota.checks` and `rota.analysis`; never the store or the solver."""
