"""The quarter's standing calendar as a CP-SAT model: the instance, its variables, one function
per rule (R1–R7, S1–S4), the greedy start, the neighbourhood search, the bounds and the repair
of a proposed change.

Imports `rota.domain` only."""
