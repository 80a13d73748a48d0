"""The decision variables, behind methods that answer questions in the domain's words."""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from solver.plan.instance import Candidate, DatedCandidate, DatedSlot, Instance, Pair

_ZERO = cp_model.LinearExpr.constant(0)


class Variables:
    """Responders per candidate standing shift and per candidate dated duty.

    Coverage per centre, service and weekly slot is an integer variable tied to its shifts, so
    that rule code reads `on_duty(centre, service, slot)` rather than summing index tuples.
    """

    def __init__(self, instance: Instance, model: cp_model.CpModel) -> None:
        self.instance = instance
        self.model = model
        per_week = instance.slots_per_week
        self.shift: dict[Candidate, cp_model.IntVar] = {}
        for (centre, service), cands in instance.candidates.items():
            lines = instance.lines(centre, service)
            for cand in cands:
                self.shift[cand] = model.new_int_var(
                    0, lines, f"shift[{centre},{service},{cand.start},{cand.length}]"
                )
        self.dated: dict[DatedCandidate, cp_model.IntVar] = {
            d: model.new_int_var(
                0,
                instance.lines(d.centre, d.service),
                f"dated[{d.centre},{d.service},{d.day},{d.start},{d.length}]",
            )
            for d in instance.dated_candidates
        }
        covering: dict[tuple[str, str, int], list[cp_model.IntVar]] = defaultdict(list)
        for cand, var in self.shift.items():
            for i in range(cand.length):
                covering[(cand.centre, cand.service, (cand.start + i) % per_week)].append(var)
        self._coverage: dict[tuple[str, str, int], cp_model.IntVar] = {}
        self._covering = {key: len(terms) for key, terms in covering.items()}
        for (centre, service, slot), terms in covering.items():
            cov = model.new_int_var(
                0, instance.lines(centre, service), f"on_duty[{centre},{service},{slot}]"
            )
            model.add(cov == sum(terms))
            self._coverage[(centre, service, slot)] = cov

    def coverage_var(self, centre: str, service: str, slot: int) -> cp_model.IntVar | None:
        return self._coverage.get((centre, service, slot))

    def on_duty(self, centre: str, service: str, slot: int) -> cp_model.LinearExpr:
        """Responders the centre has on the service at a weekly slot on a plain week."""
        var = self._coverage.get((centre, service, slot))
        return _ZERO if var is None else cp_model.LinearExpr.term(var, 1)

    def service_on_duty(
        self, service: str, slot: int, centres: set[str] | None = None
    ) -> cp_model.LinearExpr:
        return cp_model.LinearExpr.sum(
            [
                self.on_duty(centre, service, slot)
                for centre, sid in self.instance.pairs()
                if sid == service and (centres is None or centre in centres)
            ]
        )

    def dated_on_duty(self, dslot: DatedSlot, centre: str) -> cp_model.LinearExpr:
        """Responders the centre really has on a dated slot: its plain-week coverage, less the
        pattern occurrences cancelled there, plus dated duties and promised occurrences.

        Where every pattern shift covering the slot is cancelled (before the notice date, on a
        closed holiday) the plain-week part is left out, not written as coverage minus its own
        shifts: only then does the expression show that no decision reaches the slot, which
        `rules._at_least` needs to tell a forced shortfall from one the plan could close."""
        weekly = dslot.day.weekday() * self.instance.slots_per_day + dslot.slot
        inactive = dslot.inactive.get(centre, [])
        dated = [self.dated[d] for d in dslot.dated_by_centre.get(centre, [])]
        parts = [cp_model.LinearExpr.sum(dated), dslot.fixed.get(centre, 0)]
        # `inactive` lists each candidate covering the slot once, so equal counts mean all.
        if len(inactive) < self._covering.get((centre, dslot.service, weekly), 0):
            cancelled = [self.shift[c] for c in inactive]
            parts += [
                self.on_duty(centre, dslot.service, weekly),
                cp_model.LinearExpr.weighted_sum(cancelled, [-1] * len(cancelled)),
            ]
        return cp_model.LinearExpr.sum(parts)

    def centres_of(self, service: str) -> list[str]:
        return [centre for centre, sid in self.instance.pairs() if sid == service]

    def shifts_of(self, pair: Pair) -> list[tuple[Candidate, cp_model.IntVar]]:
        return [(c, self.shift[c]) for c in self.instance.candidates[pair]]
