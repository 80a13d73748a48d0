"""The notification e-mails (issue 19): each event rendered in the recipient's language.

A message says what happened with the network's own names for services and centres, dates in
the Finnish format (d.m.yyyy, which Finland's Swedish uses too) and Helsinki wall times; it
names no person (see `rota.domain.notices`). A message about a dated shift carries that shift
as an `.ics` attachment, made with the feeds' DST-safe times and VTIMEZONE so a calendar client
shows it at the right wall time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from icalendar import Calendar, Event

from rota.domain.calendar import as_helsinki, instant
from rota.domain.clock import format_clock
from rota.domain.notices import (
    ClaimConfirmed,
    Language,
    Notice,
    ProposalDecided,
    ProposalSubmitted,
    SeatStillOpen,
    ShiftReminder,
    SwapAccepted,
    SwapOffered,
)
from rota.domain.plan import Kind, Occurrence, StandingShift
from rota.domain.proposals import ShiftChange
from rota.domain.scenario import Scenario
from rota.publish.feeds import PRODID, clean_text, helsinki_timezone, stable_uid, unambiguous

Texts = dict[Language, str]

WEEKDAY: dict[Language, tuple[str, ...]] = {
    "fi": ("maanantai", "tiistai", "keskiviikko", "torstai", "perjantai", "lauantai", "sunnuntai"),
    "sv": ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
# A weekly shift's day: "on Mondays".
WEEKLY: dict[Language, tuple[str, ...]] = {
    "fi": (
        "maanantaisin",
        "tiistaisin",
        "keskiviikkoisin",
        "torstaisin",
        "perjantaisin",
        "lauantaisin",
        "sunnuntaisin",
    ),
    "sv": ("måndagar", "tisdagar", "onsdagar", "torsdagar", "fredagar", "lördagar", "söndagar"),
    "en": ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays"),
}
CLOCK: Texts = {"fi": "klo {start}–{end}", "sv": "kl. {start}–{end}", "en": "{start}–{end}"}
KIND_TITLE: dict[Kind, Texts] = {
    "standing": {"fi": "Päivystysvuoro", "sv": "Jourpass", "en": "Duty shift"},
    "holiday-duty": {"fi": "Pyhäpäivystys", "sv": "Helgdagsjour", "en": "Holiday duty"},
    "substitute": {"fi": "Sijaisvuoro", "sv": "Ersättande pass", "en": "Substitute duty"},
    "extra": {"fi": "Lisävuoro", "sv": "Extrapass", "en": "Extra shift"},
}
OPEN_SEAT_TITLE: Texts = {"fi": "Avoin paikka", "sv": "Öppen plats", "en": "Open seat"}
RESPONDERS: Texts = {
    "fi": "{n} päivystäjää",
    "sv": "{n} jourhavande",
    "en": "{n} responders",
}
ONE_RESPONDER: Texts = {"fi": "1 päivystäjä", "sv": "1 jourhavande", "en": "1 responder"}
CHANGE_WHAT: dict[str, Texts] = {
    "add": {"fi": "uusi vuoro", "sv": "ett nytt pass", "en": "a new shift"},
    "drop": {"fi": "vuoron poisto", "sv": "att ett pass tas bort", "en": "dropping a shift"},
    "move": {"fi": "vuoron siirto", "sv": "att ett pass flyttas", "en": "moving a shift"},
    "resize": {
        "fi": "vuoron pituuden muutos",
        "sv": "att ett pass längd ändras",
        "en": "resizing a shift",
    },
}
BEFORE: Texts = {"fi": "Nykyinen vuoro", "sv": "Nuvarande pass", "en": "Current shift"}
AFTER: Texts = {"fi": "Uusi vuoro", "sv": "Nytt pass", "en": "New shift"}
FOOTER: Texts = {
    "fi": "Tämä on automaattinen viesti MIELIn kriisipäivystyksen suunnittelusta (rota).",
    "sv": "Detta är ett automatiskt meddelande från MIELIs jourplanering (rota).",
    "en": "This is an automatic message from MIELI's crisis duty planning (rota).",
}
ATTACHED: Texts = {
    "fi": "Vuoro on liitteenä kalenterimerkintänä (.ics).",
    "sv": "Passet finns som bilaga i kalenderformat (.ics).",
    "en": "The shift is attached as a calendar entry (.ics).",
}

SUBJECT: dict[str, Texts] = {
    "proposal-submitted": {
        "fi": "Muutosehdotus {n}: {centre}",
        "sv": "Ändringsförslag {n}: {centre}",
        "en": "Change proposal {n}: {centre}",
    },
    "proposal-approved": {
        "fi": "Muutosehdotus {n} hyväksyttiin",
        "sv": "Ändringsförslag {n} godkändes",
        "en": "Change proposal {n} approved",
    },
    "proposal-rejected": {
        "fi": "Muutosehdotus {n} hylättiin",
        "sv": "Ändringsförslag {n} avslogs",
        "en": "Change proposal {n} rejected",
    },
    "shift-reminder": {
        "fi": "Muistutus: vuorosi huomenna {date}",
        "sv": "Påminnelse: ditt pass i morgon {date}",
        "en": "Reminder: your shift tomorrow, {date}",
    },
    "seat-still-open": {
        "fi": "Paikka yhä avoinna: {date}",
        "sv": "Platsen är fortfarande öppen: {date}",
        "en": "Seat still open: {date}",
    },
    "claim-confirmed": {
        "fi": "Vuoro vahvistettu: {date}",
        "sv": "Passet bekräftat: {date}",
        "en": "Shift confirmed: {date}",
    },
    "swap-offered": {
        "fi": "Vuoro tarjolla: {date}",
        "sv": "Ett pass erbjuds: {date}",
        "en": "A shift on offer: {date}",
    },
    "swap-accepted": {
        "fi": "Tarjoamasi vuoro otettiin: {date}",
        "sv": "Passet du erbjöd togs: {date}",
        "en": "The shift you offered was taken: {date}",
    },
}
LEAD: dict[str, Texts] = {
    "proposal-submitted": {
        "fi": "{centre} ehdottaa muutosta: {what}, voimaan {date}.",
        "sv": "{centre} föreslår en ändring: {what}, från och med {date}.",
        "en": "{centre} proposes a change: {what}, effective {date}.",
    },
    "proposal-submitted-next": {
        "fi": "Ehdotus odottaa päätöstäsi sivulla Muutosehdotukset.",
        "sv": "Förslaget väntar på ditt beslut på sidan Ändringsförslag.",
        "en": "The proposal awaits your decision on the Change proposals page.",
    },
    "proposal-approved": {
        "fi": "Ehdotuksenne ({what}, voimaan {date}) hyväksyttiin.",
        "sv": "Ert förslag ({what}, från och med {date}) godkändes.",
        "en": "Your proposal ({what}, effective {date}) was approved.",
    },
    "proposal-rejected": {
        "fi": "Ehdotuksenne ({what}, voimaan {date}) hylättiin. Perustelu: {reason}",
        "sv": "Ert förslag ({what}, från och med {date}) avslogs. Motivering: {reason}",
        "en": "Your proposal ({what}, effective {date}) was rejected. Reason: {reason}",
    },
    "shift-reminder": {
        "fi": "Sinulla on huomenna vuoro:",
        "sv": "Du har ett pass i morgon:",
        "en": "You have a shift tomorrow:",
    },
    "seat-still-open": {
        "fi": "Vuorossa on yhä paikka ilman päivystäjää, {days} päivää ennen alkua:",
        "sv": "Passet har fortfarande en plats utan jourhavande, {days} dagar före start:",
        "en": "This shift still has a seat without a responder, {days} days before it starts:",
    },
    "seat-still-open-next": {
        "fi": "Etsikää paikalle päivystäjä; se näkyy päivystäjille avoimena paikkana.",
        "sv": "Hitta en jourhavande till platsen; den syns för de jourhavande som öppen plats.",
        "en": "Find a responder for it; responders see it as an open seat.",
    },
    "claim-confirmed": {
        "fi": "Keskus vahvisti ottamasi vuoron:",
        "sv": "Jourcentralen bekräftade passet du tog:",
        "en": "The centre confirmed the shift you claimed:",
    },
    "swap-offered": {
        "fi": "Työtoveri tarjoaa vuoroaan, jonka voisit ottaa:",
        "sv": "En kollega erbjuder ett pass som du kunde ta:",
        "en": "A colleague offers a shift you could take:",
    },
    "swap-offered-next": {
        "fi": "Voit ottaa sen omalla sivullasi; keskus hyväksyy vaihdon.",
        "sv": "Du kan ta det på din egen sida; jourcentralen godkänner bytet.",
        "en": "You can take it on your own page; the centre approves the swap.",
    },
    "swap-accepted": {
        "fi": "Työtoveri otti tarjoamasi vuoron:",
        "sv": "En kollega tog passet du erbjöd:",
        "en": "A colleague took the shift you offered:",
    },
    "swap-accepted-next": {
        "fi": "Vuoro on sinun, kunnes keskus hyväksyy vaihdon.",
        "sv": "Passet är ditt tills jourcentralen godkänner bytet.",
        "en": "The shift stays yours until the centre approves the swap.",
    },
}


@dataclass(frozen=True)
class Message:
    """A rendered e-mail: its subject, plain-text body and, for a shift, an iCalendar file."""

    kind: str
    subject: str
    body: str
    ics: bytes | None = None


def render(notice: Notice, language: Language, scenario: Scenario, stamp: dt.datetime) -> Message:
    """`notice` as an e-mail in `language`. `stamp` is the attachment's DTSTAMP (when the
    message was written), passed in so equal input gives equal bytes."""
    if isinstance(notice, ProposalSubmitted):
        return _proposal_submitted(notice, language, scenario)
    if isinstance(notice, ProposalDecided):
        return _proposal_decided(notice, language, scenario)
    kind, occurrence, extra = _shift_notice(notice)
    date = finnish_date(occurrence.start.date())
    lead = LEAD[kind][language].format(days=extra)
    line = shift_line(occurrence, language, scenario)
    if isinstance(notice, SeatStillOpen):
        line += f" ({OPEN_SEAT_TITLE[language].lower()} {notice.seat})"
    paragraphs = [f"{lead}\n{line}"]
    follow = LEAD.get(f"{kind}-next")
    if follow:
        paragraphs.append(follow[language])
    paragraphs.append(ATTACHED[language])
    seat = notice.seat if isinstance(notice, SeatStillOpen) else None
    return Message(
        kind,
        SUBJECT[kind][language].format(date=date),
        _body(paragraphs, language),
        shift_ics(occurrence, language, scenario, stamp, seat),
    )


def _shift_notice(notice: Notice) -> tuple[str, Occurrence, int]:
    """The message kind and the shift of a notice about one shift (and its days, if any)."""
    if isinstance(notice, SeatStillOpen):
        return "seat-still-open", notice.occurrence, notice.days
    if isinstance(notice, ShiftReminder):
        return "shift-reminder", notice.occurrence, 0
    if isinstance(notice, ClaimConfirmed):
        return "claim-confirmed", notice.occurrence, 0
    if isinstance(notice, SwapOffered):
        return "swap-offered", notice.occurrence, 0
    if isinstance(notice, SwapAccepted):
        return "swap-accepted", notice.occurrence, 0
    raise TypeError(f"not a notice about one shift: {notice!r}")


def _proposal_submitted(
    notice: ProposalSubmitted, language: Language, scenario: Scenario
) -> Message:
    change = notice.change
    centre = centre_name(scenario, change.centre)
    what = CHANGE_WHAT[change.kind][language]
    lead = LEAD["proposal-submitted"][language].format(
        centre=centre, what=what, date=finnish_date(change.effective)
    )
    paragraphs = [
        "\n".join([lead, *_change_lines(notice.change, language, scenario)]),
        LEAD["proposal-submitted-next"][language],
    ]
    return Message(
        "proposal-submitted",
        SUBJECT["proposal-submitted"][language].format(n=notice.proposal, centre=centre),
        _body(paragraphs, language),
    )


def _proposal_decided(notice: ProposalDecided, language: Language, scenario: Scenario) -> Message:
    change = notice.change
    key = "proposal-approved" if notice.approved else "proposal-rejected"
    lead = LEAD[key][language].format(
        what=CHANGE_WHAT[change.kind][language],
        date=finnish_date(change.effective),
        reason=notice.reason.strip(),
    )
    paragraphs = ["\n".join([lead, *_change_lines(change, language, scenario)])]
    return Message(
        "proposal-decided",
        SUBJECT[key][language].format(n=notice.proposal),
        _body(paragraphs, language),
    )


def _change_lines(change: ShiftChange, language: Language, scenario: Scenario) -> list[str]:
    lines = []
    for label, shift in ((BEFORE, change.before), (AFTER, change.after)):
        if shift is not None:
            lines.append(f"{label[language]}: {standing_line(shift, language, scenario)}")
    return lines


def _body(paragraphs: list[str], language: Language) -> str:
    # "-- " on its own line is the signature separator mail clients recognise.
    return "\n\n".join(paragraphs) + f"\n\n-- \n{FOOTER[language]}\n"


# --- the words for dates, times and shifts ------------------------------------------------------


def finnish_date(day: dt.date) -> str:
    """d.m.yyyy, as Finnish and Finland's Swedish write a date."""
    return f"{day.day}.{day.month}.{day.year}"


def _clock(minutes: int, language: Language) -> str:
    # Finnish and Finland's Swedish write 16.00; English 16:00.
    text = format_clock(minutes)
    return text if language == "en" else text.replace(":", ".")


def centre_name(scenario: Scenario, centre: str) -> str:
    """The centre's name; its id if the network no longer has it, so a message about a shift
    of an older network is still sent (and the action it tells of is never undone by it)."""
    known = scenario.centres_by_id.get(centre)
    return known.name if known is not None else centre


def service_name(scenario: Scenario, service: str) -> str:
    known = scenario.services_by_id.get(service)
    return known.name if known is not None else service


def shift_line(occurrence: Occurrence, language: Language, scenario: Scenario) -> str:
    """'torstai 4.2.2027 klo 16.00–20.00, MIELI Kriisipuhelin, Oulu' in Helsinki time."""
    start, end = as_helsinki(occurrence.start), as_helsinki(occurrence.end)
    clock = CLOCK[language].format(
        start=_clock(start.hour * 60 + start.minute, language),
        end=_clock(end.hour * 60 + end.minute, language),
    )
    day = WEEKDAY[language][start.weekday()]
    service = service_name(scenario, occurrence.service)
    centre = centre_name(scenario, occurrence.centre)
    return f"{day} {finnish_date(start.date())} {clock}, {service}, {centre}"


def standing_line(shift: StandingShift, language: Language, scenario: Scenario) -> str:
    """'maanantaisin klo 16.00–20.00, MIELI Kriisipuhelin (1 päivystäjä)'."""
    clock = CLOCK[language].format(
        start=_clock(shift.start, language), end=_clock(shift.end, language)
    )
    count = (
        ONE_RESPONDER[language]
        if shift.responders == 1
        else RESPONDERS[language].format(n=shift.responders)
    )
    service = service_name(scenario, shift.service)
    return f"{WEEKLY[language][shift.weekday]} {clock}, {service} ({count})"


def shift_ics(
    occurrence: Occurrence,
    language: Language,
    scenario: Scenario,
    stamp: dt.datetime,
    seat: int | None = None,
) -> bytes:
    """One shift as an iCalendar file: its title in `language`, the service and centre by name,
    no person. The UID is the shift's own (and the seat's, for an open seat), so a second
    message about the same shift updates the entry rather than adding another."""
    centre = scenario.centres_by_id.get(occurrence.centre)
    service = service_name(scenario, occurrence.service)
    title = OPEN_SEAT_TITLE if seat is not None else KIND_TITLE[occurrence.kind]
    uid_parts = (occurrence.centre, occurrence.service, instant(occurrence.start), seat or "")
    event = Event.new(
        uid=stable_uid("notice", *uid_parts),
        stamp=instant(stamp),
        start=unambiguous(occurrence.start),
        end=unambiguous(occurrence.end),
        summary=clean_text(
            f"{title[language]}: {service}, {centre_name(scenario, occurrence.centre)}"
        ),
        description=clean_text(shift_line(occurrence, language, scenario)),
        location=clean_text(", ".join(centre.cities)) if centre and centre.cities else None,
    )
    calendar = Calendar.new(prodid=PRODID)
    calendar.add("method", "PUBLISH")
    calendar.add_component(helsinki_timezone())
    calendar.add_component(event)
    return bytes(calendar.to_ical())
