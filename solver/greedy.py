"""A quick heuristic plan used as the starting point (hint) of the optimisation phase.

Phase 1 finds a plan with the fewest shortfalls but spends no thought on where the remaining
hours answer most contacts, and CP-SAT's neighbourhood search climbs from there slowly. Two cheap
steps give the search a much better start: fill each centre's unused weekly hours greedily (the
shift whose next responders answer most contacts per slot, within lines and weekly maximum), then
move single shifts within their centre while that answers more. Requirements (R2/R3 minimum
staffing) weigh far more than any contact, so no move opens a gap; shifts that carry the holiday-
duty group's weekend evenings (R5) are not moved. The hint need not be feasible: the caller
completes it with CP-SAT and falls back to phase 1's plan if it does not fit.
"""

from __future__ import annotations

import time

import numpy as np

from solver.instance import Candidate, Instance

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
        self.lines = np.array([instance.lines(c.centre, c.service) for c in self.candidates])
        g = instance.slot_minutes
        self.budget = np.array(
            [instance.scenario.centre(c).weekly_hours.max * 60 // g for c in centres], dtype=float
        )
        self.cover = np.zeros((len(services), per_week), dtype=int)
        self.own = np.zeros((len(centres), len(services), per_week), dtype=int)
        self.depth = depth
        self.chosen: dict[int, int] = {}
        group = set(instance.scenario.rules.holiday_duty_group)
        finnish = instance.scenario.rules.finnish_line
        evenings = set(instance.group_slots)
        self.pinned = {
            i
            for i, c in enumerate(self.candidates)
            if c.centre in group and c.service == finnish and evenings & set(self.slots[i])
        }

    def change(self, i: int, delta: int) -> None:
        s, c = self.cand_s[i], self.cand_c[i]
        for t in self.slots[i, : self.length[i]]:
            self.cover[s, t] += delta
            self.own[c, s, t] += delta
        self.budget[c] -= self.length[i] * delta
        self.chosen[i] = self.chosen.get(i, 0) + delta
        if not self.chosen[i]:
            del self.chosen[i]

    def gains(self) -> np.ndarray:
        """What one more responder on each candidate shift would add (0 where it does not fit)."""
        level = np.minimum(self.cover[self.cand_s[:, None], self.safe], self.depth - 1)
        gain = np.where(self.mask, self.value[self.cand_s[:, None], self.safe, level], 0).sum(1)
        own = self.own[self.cand_c[:, None], self.cand_s[:, None], self.safe]
        room = np.where(self.mask, self.lines[:, None] - own, 1)
        fits = (room.min(axis=1) > 0) & (self.budget[self.cand_c] >= self.length)
        return np.where(fits, gain, 0.0)

    def loss(self, i: int) -> float:
        """What removing one responder from shift i would cost."""
        s = self.cand_s[i]
        ts = self.slots[i, : self.length[i]]
        levels = np.minimum(self.cover[s, ts] - 1, self.depth - 1)
        return float(self.value[s, ts, levels].sum())

    def fill(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            score = self.gains() / self.length
            best = int(score.argmax())
            if score[best] <= 0:
                return
            self.change(best, +1)

    def move(self, deadline: float) -> None:
        """Move one responder at a time to the best shift of the same centre while that gains."""
        improved = True
        while improved and time.monotonic() < deadline:
            improved = False
            for i in list(self.chosen):
                if i in self.pinned or i not in self.chosen or time.monotonic() > deadline:
                    continue
                loss = self.loss(i)
                self.change(i, -1)
                gains = np.where(self.cand_c == self.cand_c[i], self.gains(), 0.0)
                best = int(gains.argmax())
                if gains[best] > loss + 1e-6 and best != i:
                    self.change(best, +1)
                    improved = True
                else:
                    self.change(i, +1)


def heuristic_plan(
    instance: Instance, start: dict[Candidate, int], seconds: float = 2.0
) -> dict[Candidate, int]:
    """`start` with spare hours filled and single shifts moved to where they answer more,
    within `seconds` (filling first, then moving)."""
    if not instance.candidates or not any(instance.candidates.values()):
        return dict(start)
    deadline = time.monotonic() + seconds
    state = _Heuristic(instance)
    for cand, count in start.items():
        state.change(state.position[cand], count)
    state.fill(deadline)
    state.move(deadline)
    state.fill(deadline)
    return {state.candidates[i]: n for i, n in state.chosen.items()}
