"""The use cases, one module each: planning (`planning`), plans kept and published against the
calendar in force (`plans`), the calendar import (`calendar_import`), the stored network
(`network`), a centre's dated weeks (`centre_calendar`), the store's feeds (`store_feeds`),
staffing, changes and their impact, publication, accounts, feed tokens, rosters. The only thing
the command line (`rota.cli`), the feed server (`rota.web`) and the dashboard (`ui`) call; who
may call each use case is declared on it (`rota.app.actors`).

Imports everything below it: the domain, checks, analysis, io, publish, the store and the
solver."""
