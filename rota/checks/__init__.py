"""The independent judge: the rules R1–R8 re-checked on dated occurrences (`plan`), the people
rules of an assignment (`assignment`), and why a gap exists, in words (`explain`).

Imports `rota.domain` only; never the solver, so it can judge the solver's plans."""
