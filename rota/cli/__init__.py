"""The `rota` command (Typer): parse the arguments, call `rota.app`, print the answer and set
the exit code (`common`). No rule a user could disagree with is decided here."""
