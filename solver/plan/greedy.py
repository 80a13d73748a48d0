"""A quick heuristic plan used as the starting point (hint) of the optimisation phase.

Phase 1 finds a plan with the fewest shortfalls but spends no thought on where the remaining
hours answer most contacts, and CP-SAT's neighbourhood search climbs from there slowly. Two cheap
steps give the search a much better start: fill each centre's unused weekly hours greedily (the
shift whose next responders are worth most per slot, within lines and weekly maximum), then move
single shifts within their centre while that is worth more. A responder's worth is what the
objective says: the contacts it answers (S1), less what it adds to the spread of weekend-evening
duty in the holiday-duty group (S2), less the tie-breaking cost of one more responder-shift, and
less a change (S3) where it departs from the calendar in force, or plus one where it restores it.
Requirements (R2/R3 minimum staffing, R5 the group's weekend evenings) weigh far more than any of
these, so no move opens a gap. The hint need not be feasible: the caller completes it with
CP-SAT and falls back to phase 1's plan if it does not fit.

S2 matters here because its cost per slot of spread is many slots' worth of contacts: a start that
ignores it begins some percent from the optimum, all of it in the spread, and the search then
spends its first seconds on that alone.
"""

from __future__ import annotations

import heapq
import time

import numpy as np

from solver.plan.instance import Candidate, Instance
from solver.plan.rules import CHANGE, FAIRNESS, SHIFT

# Slots of S2's spread a move counts for per slot it brings a tied member towards the others.
# Without it the 60-centre network started phase 2 1.9 % from the bound (S2's ties at the top);
# with 0.2, 0.28 %; the fixture's quarter and 20 centres start about 0.1 % worse, its week better.
TIE = 0.2
BATCH = 64  # stale heap entries scored afresh per step of the greedy fill

REQUIRED = 10**9  # value of a responder that a hard minimum needs: never traded for contacts


class _Heuristic:
    """Coverage bookkeeping over all candidate shifts, vectorised with numpy."""

    def __init__(self, instance: Instance) -> None:
        per_week = instance.slots_per_week
        self.candidates = [c for cands in instance.candidates.values() for c in cands]
        self.position = {cand: i for i, cand in enumerate(self.candidates)}
        services = sorted({c.service for c in self.candidates})
        centres = sorted({c.centre for c in self.candidates})
        s_index = {s: i for i, s in enumerate(services)}
        c_index = {c: i for i, c in enumerate(centres)}
        depth = max((len(v) for v in instance.values.values()), default=0) + 2
        # value[s, t, k]: worth of the (k+1)-th responder in weekly slot t of service s.
        self.value = np.zeros((len(services), per_week, depth))
        for (service, slot), values in instance.values.items():
            if service in s_index:
                self.value[s_index[service], slot, : len(values)] = values
        for (service, slot), required in instance.required.items():
            if service in s_index:
                self.value[s_index[service], slot, :required] += REQUIRED
        longest = max(c.length for c in self.candidates)
        self.slots = np.full((len(self.candidates), longest), -1)
        for i, cand in enumerate(self.candidates):
            self.slots[i, : cand.length] = [(cand.start + k) % per_week for k in range(cand.length)]
        self.mask = self.slots >= 0
        self.safe = np.where(self.mask, self.slots, 0)
        self.cand_s = np.array([s_index[c.service] for c in self.candidates])
        self.cand_c = np.array([c_index[c.centre] for c in self.candidates])
        self.length = np.array([c.length for c in self.candidates])
        self.every = np.arange(len(self.candidates))
        self.of_centre = [np.flatnonzero(self.cand_c == c) for c in range(len(centres))]
        self.lines = np.array([instance.lines(c.centre, c.service) for c in self.candidates])
        g = instance.slot_minutes
        self.budget = np.array(
            [instance.scenario.centre(c).weekly_hours.max * 60 // g for c in centres], dtype=float
        )
        self.cover = np.zeros((len(services), per_week), dtype=int)
        self.own = np.zeros((len(centres), len(services), per_week), dtype=int)
        self.depth = depth
        # Responders per candidate: `chosen` in the order they were first added (the order the
        # moves visit them), `count` the same as a vector.
        self.chosen: dict[int, int] = {}
        self.count = np.zeros(len(self.candidates), dtype=int)
        # S3: the calendar in force's responders per candidate, and what one responder more or
        # less than that costs, per plain week as every other worth here (the model counts a
        # change once, not per week the pattern is in force).
        self.base = np.array(
            [
                instance.baseline.get((c.centre, c.service, c.start, c.length), 0)
                for c in self.candidates
            ]
        )
        self.change_cost = CHANGE / max(instance.pattern_weeks, 1.0) if instance.baseline else 0.0
        self._group(instance)
        self._promised(instance, c_index, s_index)

    def _promised(
        self, instance: Instance, c_index: dict[str, int], s_index: dict[str, int]
    ) -> None:
        """R4's lines on the dated slots where an occurrence promised before the notice date (a
        night shift from its eve) shares a centre's lines with pattern shifts already running.

        The weekly lines do not see it, and a start that breaks it leaves the completion in
        `solver.plan.model` without a plan (phase 1 would then search from nothing). Per such
        slot k: the lines the promise leaves, `spare[k]`, and the candidates running there, as
        pairs (`running_slot`, `running`)."""
        per_day = instance.slots_per_day
        covering = np.zeros((len(c_index), len(s_index), instance.slots_per_week), dtype=int)
        np.add.at(covering, (self.cand_c[:, None], self.cand_s[:, None], self.safe), self.mask)
        spare: list[int] = []
        slot_of: list[int] = []
        running: list[int] = []
        for dslot in instance.dated_slots:
            if dslot.service not in s_index:
                continue
            s, t = s_index[dslot.service], dslot.day.weekday() * per_day + dslot.slot
            for centre, held in dslot.fixed.items():
                inactive = dslot.inactive.get(centre, [])
                # Each candidate covering the slot is listed once if cancelled there: before
                # the notice date all of them are, and nothing competes with the promise.
                if centre not in c_index or len(inactive) == covering[c_index[centre], s, t]:
                    continue
                c = c_index[centre]
                cancelled = {self.position[cand] for cand in inactive}
                here = (self.cand_c == c) & (self.cand_s == s) & (self.slots == t).any(axis=1)
                competing = [int(i) for i in np.flatnonzero(here) if i not in cancelled]
                slot_of += [len(spare)] * len(competing)
                running += competing
                spare.append(instance.lines(centre, dslot.service) - held)
        self.spare = np.array(spare, dtype=int)
        self.running_slot = np.array(slot_of, dtype=int)
        self.running = np.array(running, dtype=int)

    def _leaves_promised_line(self, rows: np.ndarray) -> np.ndarray:
        """Whether one more responder on each candidate of `rows` still fits beside the
        occurrences promised before the notice date (`_promised`)."""
        if not len(self.spare):
            return np.ones(len(rows), dtype=bool)
        used = np.bincount(
            self.running_slot, weights=self.count[self.running], minlength=len(self.spare)
        )
        full = used >= self.spare
        blocked = np.zeros(len(self.candidates), dtype=bool)
        blocked[self.running[full[self.running_slot]]] = True
        return ~blocked[rows]

    def _group(self, instance: Instance) -> None:
        """The holiday-duty group's bookkeeping: which candidates give weekend evenings (R5 and
        S2), each group centre's weekend-evening load, and the group's cover per evening slot."""
        rules = instance.scenario.rules
        members = sorted({c.centre for c in self.candidates} & set(rules.holiday_duty_group))
        member = {c: i for i, c in enumerate(members)}
        evenings = np.zeros(instance.slots_per_week, dtype=bool)
        evenings[instance.group_slots] = True
        self.in_group = np.array(
            [c.service == rules.finnish_line and c.centre in member for c in self.candidates]
        )
        self.member = np.array([member.get(c.centre, 0) for c in self.candidates])
        # evening[i, j]: slot j of candidate i is a group weekend evening it would give.
        self.evening = self.mask & evenings[self.safe] & self.in_group[:, None]
        self.evening_count = self.evening.sum(axis=1)
        self.load = np.zeros(len(members), dtype=int)
        self.group_cover = np.zeros(instance.slots_per_week, dtype=int)
        # S2 is a spread: it needs two members to exist at all.
        self.fairness = float(FAIRNESS) if len(members) >= 2 else 0.0

    def change(self, i: int, delta: int) -> None:
        s, c = self.cand_s[i], self.cand_c[i]
        for t in self.slots[i, : self.length[i]]:
            self.cover[s, t] += delta
            self.own[c, s, t] += delta
        self.budget[c] -= self.length[i] * delta
        if self.in_group[i]:
            self.load[self.member[i]] += self.evening_count[i] * delta
            self.group_cover[self.slots[i][self.evening[i]]] += delta
        self.count[i] += delta
        self.chosen[i] = self.chosen.get(i, 0) + delta
        if not self.chosen[i]:
            del self.chosen[i]

    def gains(self, rows: np.ndarray | None = None) -> np.ndarray:
        """What one more responder on each candidate shift (or on those of `rows`, by index)
        would add; 0 where it does not fit."""
        if rows is None:
            rows = self.every
        s, safe, mask = self.cand_s[rows, None], self.safe[rows], self.mask[rows]
        level = np.minimum(self.cover[s, safe], self.depth - 1)
        gain = np.where(mask, self.value[s, safe, level], 0).sum(1)
        gain += REQUIRED * (self.evening[rows] & (self.group_cover[safe] == 0)).sum(1)
        gain -= self.fairness * self._spread_change(+1, rows) + SHIFT
        gain -= self.change_cost * np.where(self.count[rows] < self.base[rows], -1, 1)
        own = self.own[self.cand_c[rows, None], s, safe]
        room = np.where(mask, self.lines[rows, None] - own, 1)
        fits = (room.min(axis=1) > 0) & (self.budget[self.cand_c[rows]] >= self.length[rows])
        fits &= self._leaves_promised_line(rows)
        return np.where(fits, gain, 0.0)

    def loss(self, i: int) -> float:
        """What removing one responder from shift i would cost."""
        s = self.cand_s[i]
        ts = self.slots[i, : self.length[i]]
        levels = np.minimum(self.cover[s, ts] - 1, self.depth - 1)
        loss = float(self.value[s, ts, levels].sum()) - SHIFT
        loss += self.change_cost * (1 if self.count[i] <= self.base[i] else -1)
        if self.in_group[i]:
            loss += REQUIRED * int((self.group_cover[self.slots[i][self.evening[i]]] == 1).sum())
            loss += self.fairness * float(self._spread_change(-1, np.array([i]))[0])
        return loss

    def _spread_change(self, delta: int, rows: np.ndarray) -> np.ndarray:
        """How much S2's spread (most minus least weekend-evening load in the group) would
        change if each candidate of `rows` gained `delta` responders (0 outside the group)."""
        if not self.fairness:
            return np.zeros(len(rows))
        load = self.load
        spread = load.max() - load.min()
        # The highest and lowest load of the *other* members, per member.
        order = np.argsort(load)
        low, high = load[order[0]], load[order[-1]]
        others_high = np.where(np.arange(len(load)) == order[-1], load[order[-2]], high)
        others_low = np.where(np.arange(len(load)) == order[0], load[order[1]], low)
        m, count = self.member[rows], self.evening_count[rows]
        new = load[m] + delta * count
        after = np.maximum(others_high[m], new) - np.minimum(others_low[m], new)
        # With several members tied at the top (or bottom), moving one of them changes nothing
        # yet, so the greedy would never start levelling them: such a move is worth a little
        # for each slot it brings the member towards the others (no further than the spread).
        step = delta * count
        tied_top = (load[m] == high) & (others_high[m] == high) & (step < 0)
        tied_bottom = (load[m] == low) & (others_low[m] == low) & (step > 0)
        towards = np.where(tied_top | tied_bottom, np.minimum(np.abs(step), spread), 0)
        change = after - spread - TIE * towards
        return np.where(self.in_group[rows] & (count > 0), change, 0)

    def fill(self, deadline: float) -> None:
        """Add the responder worth most per slot, one at a time, while any is worth something.

        Lazily: a responder's worth only falls as others are added (contacts and requirements
        are concave in cover, lines and weekly hours only fill up), so a score computed earlier
        is an upper bound, and the best fresh score that beats every stale one is the true best.
        S2 is the exception, as raising another member's load can make a group shift worth
        more; so every group shift is scored afresh when a group load changes.
        """
        group_rows = np.flatnonzero(self.evening_count > 0)
        heap = self._scored(self.every)
        while heap and time.monotonic() < deadline:
            # Score the best few stale entries afresh at once (numpy's overhead is per call).
            batch = np.array([heapq.heappop(heap)[1] for _ in range(min(BATCH, len(heap)))])
            scores = self.gains(batch) / self.length[batch]
            best = int(scores.argmax())
            for k in np.flatnonzero(scores > 0):  # the rest never gain again
                heapq.heappush(heap, (-float(scores[k]), int(batch[k])))
            if scores[best] <= 0 or (heap and -scores[best] > heap[0][0]):
                continue  # nothing in the batch, or a stale entry outside it may be better
            chosen = int(batch[best])
            self.change(chosen, +1)
            if self.fairness and self.evening_count[chosen]:
                for entry in self._scored(group_rows):
                    heapq.heappush(heap, entry)

    def _scored(self, rows: np.ndarray) -> list[tuple[float, int]]:
        """A heap of (−worth per slot, candidate) for the candidates of `rows` worth anything."""
        scores = self.gains(rows) / self.length[rows]
        heap = [(-float(sc), int(i)) for sc, i in zip(scores, rows, strict=True) if sc > 0]
        heapq.heapify(heap)
        return heap

    def move(self, deadline: float) -> None:
        """Move one responder at a time to the best shift of the same centre while that gains."""
        improved = True
        while improved and time.monotonic() < deadline:
            improved = False
            for i in list(self.chosen):
                if i not in self.chosen or time.monotonic() > deadline:
                    continue
                loss = self.loss(i)
                self.change(i, -1)
                rows = self.of_centre[self.cand_c[i]]
                gains = self.gains(rows)
                best = int(rows[gains.argmax()])
                if gains.max() > loss + 1e-6 and best != i:
                    self.change(best, +1)
                    improved = True
                else:
                    self.change(i, +1)


def heuristic_plan(
    instance: Instance, start: dict[Candidate, int], seconds: float = 2.0
) -> dict[Candidate, int]:
    """`start` with spare hours filled and single shifts moved to where they answer more,
    within `seconds` (filling first, then moving). The first fill always runs to the end: it
    is the cover the solve falls back on when its time is gone, so a busy machine must not cut
    it short (it takes a fraction of a second on the fixture)."""
    if not instance.candidates or not any(instance.candidates.values()):
        return dict(start)
    deadline = time.monotonic() + seconds
    state = _Heuristic(instance)
    for cand, count in start.items():
        state.change(state.position[cand], count)
    state.fill(float("inf"))
    state.move(deadline)
    state.fill(deadline)
    return {state.candidates[i]: n for i, n in state.chosen.items()}
