"""The vocabulary of the network, with no I/O: the scenario (centres, services, rules), dates
and holidays, Helsinki wall-clock time, standing shifts and their dated occurrences, demand and
the Erlang-A queue, proposals, responders, seats and debriefs, and every error type.

Imports nothing of the project outside this package; everything else may import it."""
