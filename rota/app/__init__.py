"""The use cases, one module each: planning, staffing, changes and their impact, publication,
accounts, feed tokens, rosters. The only thing the command line (`rota.cli`), the feed server
(`rota.web`) and the dashboard (`ui`) call; who may call each use case is declared on it
(`rota.app.actors`).

Imports everything below it: the domain, checks, analysis, io, publish, the store and the
solver."""
