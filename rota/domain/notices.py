"""What the notifications tell (issue 19): one typed event per kind of e-mail.

An event names shifts, centres, services and proposals by id, never a person: the recipient
knows who they are, and responders are pseudonymous to everyone else, so no event carries a
responder's id or name for the message to leak. An event about a shift carries its occurrence,
from which the message's `.ics` attachment is made.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rota.domain.plan import Occurrence
from rota.domain.proposals import ShiftChange

Language = Literal["fi", "sv", "en"]
LANGUAGES: tuple[Language, ...] = ("fi", "sv", "en")


@dataclass(frozen=True)
class ProposalSubmitted:
    """A centre proposed a change to a standing shift: to the coordinator."""

    proposal: int
    change: ShiftChange


@dataclass(frozen=True)
class ProposalDecided:
    """The coordinator approved or rejected a centre's proposal: to that centre."""

    proposal: int
    change: ShiftChange
    approved: bool
    reason: str


@dataclass(frozen=True)
class ShiftReminder:
    """Your shift starts tomorrow: to the responder sitting it."""

    occurrence: Occurrence


@dataclass(frozen=True)
class SeatStillOpen:
    """A seat of the centre's shift still has no responder `days` days before it starts."""

    occurrence: Occurrence
    seat: int
    days: int


@dataclass(frozen=True)
class ClaimConfirmed:
    """The centre confirmed the responder's claim of an open seat or extra shift."""

    occurrence: Occurrence


@dataclass(frozen=True)
class SwapOffered:
    """A colleague offers this shift and you could take it: to each such colleague. Who
    offers it is not said; the centre knows."""

    occurrence: Occurrence


@dataclass(frozen=True)
class SwapAccepted:
    """A colleague accepted the shift you offered; the centre approves the swap next."""

    occurrence: Occurrence


Notice = (
    ProposalSubmitted
    | ProposalDecided
    | ShiftReminder
    | SeatStillOpen
    | ClaimConfirmed
    | SwapOffered
    | SwapAccepted
)

KIND: dict[type[Notice], str] = {
    ProposalSubmitted: "proposal-submitted",
    ProposalDecided: "proposal-decided",
    ShiftReminder: "shift-reminder",
    SeatStillOpen: "seat-still-open",
    ClaimConfirmed: "claim-confirmed",
    SwapOffered: "swap-offered",
    SwapAccepted: "swap-accepted",
}


def kind_of(notice: Notice) -> str:
    return KIND[type(notice)]
