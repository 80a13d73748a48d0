"""A quick greedy plan used as the starting point (hint) of the optimisation phase.

Phase 1 finds a plan with the fewest shortfalls but spends no thought on where the remaining
hours answer most contacts, and CP-SAT's neighbourhood search climbs from there slowly. Filling
each centre's unused weekly hours greedily — always the shift whose next responders answer the
most contacts per hour, within lines and weekly maximum — gives the search a much better start.
The hint need not be feasible: CP-SAT repairs or ignores what does not fit.
"""

from __future__ import annotations

import numpy as np

from solver.instance import Candidate, Instance


def fill_remaining_hours(instance: Instance, start: dict[Candidate, int]) -> dict[Candidate, int]:
    """Add shifts to `start` in order of expected answered contacts per slot until no centre
    has hours left or no shift adds value."""
    per_week = instance.slots_per_week
    candidates = [c for cands in instance.candidates.values() for c in cands]
    if not candidates:
        return dict(start)
    services = sorted({c.service for c in candidates})
    centres = sorted({c.centre for c in candidates})
    s_index = {s: i for i, s in enumerate(services)}
    c_index = {c: i for i, c in enumerate(centres)}
    depth = max((len(v) for v in instance.values.values()), default=0) + 1
    # value[s, t, k]: worth of the (k+1)-th responder in weekly slot t of service s.
    value = np.zeros((len(services), per_week, depth))
    for (service, slot), values in instance.values.items():
        if service in s_index:
            value[s_index[service], slot, : len(values)] = values
    longest = max(c.length for c in candidates)
    slots = np.full((len(candidates), longest), -1)
    for i, cand in enumerate(candidates):
        slots[i, : cand.length] = [(cand.start + k) % per_week for k in range(cand.length)]
    mask = slots >= 0
    safe_slots = np.where(mask, slots, 0)
    cand_s = np.array([s_index[c.service] for c in candidates])
    cand_c = np.array([c_index[c.centre] for c in candidates])
    length = np.array([c.length for c in candidates])
    lines = np.array([instance.lines(c.centre, c.service) for c in candidates])

    g = instance.slot_minutes
    budget = np.array(
        [instance.scenario.centre(c).weekly_hours.max * 60 // g for c in centres], dtype=float
    )
    cover = np.zeros((len(services), per_week), dtype=int)
    own = np.zeros((len(centres), len(services), per_week), dtype=int)
    chosen = dict(start)
    position = {cand: i for i, cand in enumerate(candidates)}
    for cand, count in start.items():
        i = position[cand]
        for t in slots[i, : cand.length]:
            cover[cand_s[i], t] += count
            own[cand_c[i], cand_s[i], t] += count
        budget[cand_c[i]] -= cand.length * count

    while True:
        level = np.minimum(cover[cand_s[:, None], safe_slots], depth - 1)
        gain = np.where(mask, value[cand_s[:, None], safe_slots, level], 0).sum(axis=1)
        room = np.where(mask, lines[:, None] - own[cand_c[:, None], cand_s[:, None], safe_slots], 1)
        fits = (room.min(axis=1) > 0) & (budget[cand_c] >= length)
        score = np.where(fits, gain / length, 0.0)
        best = int(score.argmax())
        if score[best] <= 0:
            break
        cand = candidates[best]
        chosen[cand] = chosen.get(cand, 0) + 1
        for t in slots[best, : cand.length]:
            cover[cand_s[best], t] += 1
            own[cand_c[best], cand_s[best], t] += 1
        budget[cand_c[best]] -= cand.length
    return chosen
