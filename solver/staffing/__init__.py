"""Who sits each seat: the responder assignment as a CP-SAT model per centre (R8, hour caps,
rest, absences, stability), solved in parallel processes.

Imports `rota.domain` only."""
