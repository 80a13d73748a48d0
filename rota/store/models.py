"""The store's tables (SQLAlchemy 2): scenarios, standing-calendar versions with their shifts and
dated duties, proposals, decisions and the audit log.

A calendar version is complete on its own — every standing shift with its validity and every
dated duty — so any version can be expanded, validated or exported without replaying history.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC in and out, also on SQLite (which keeps no offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("store times are timezone-aware")
        return value.astimezone(dt.UTC)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dt.datetime: UTCDateTime, dict[str, Any]: JSON}


class ScenarioRecord(Base):
    """The scenario file a calendar was made and is checked under, kept verbatim."""

    __tablename__ = "scenarios"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(Text, doc="Path the file was read from.")
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime]


class CalendarVersionRecord(Base):
    __tablename__ = "calendar_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Unique, so two approvals made against the same version cannot both become its successor.
    number: Mapped[int] = mapped_column(Integer, unique=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenarios.id"))
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    covered_first: Mapped[dt.date] = mapped_column(Date, doc="First date of the dated duties.")
    covered_end: Mapped[dt.date] = mapped_column(Date, doc="Day after their last date.")
    source: Mapped[str] = mapped_column(Text, doc="'import DIR', 'proposal N' or 'plan N'.")
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"))
    plan_id: Mapped[int | None] = mapped_column(
        ForeignKey("plans.id", name="fk_calendar_versions_plan_id"),
        doc="The plan published as this version.",
    )
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime]

    scenario: Mapped[ScenarioRecord] = relationship()
    shifts: Mapped[list[StandingShiftRecord]] = relationship(
        back_populates="version", order_by="StandingShiftRecord.id"
    )
    duties: Mapped[list[DatedDutyRecord]] = relationship(
        back_populates="version", order_by="DatedDutyRecord.id"
    )


class StandingShiftRecord(Base):
    __tablename__ = "standing_shifts"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("calendar_versions.id"), index=True)
    centre: Mapped[str] = mapped_column(String(100))
    service: Mapped[str] = mapped_column(String(100))
    weekday: Mapped[int] = mapped_column(Integer, doc="0 = Monday.")
    start: Mapped[int] = mapped_column(Integer, doc="Local minutes after midnight.")
    minutes: Mapped[int] = mapped_column(Integer, doc="Wall-clock length.")
    responders: Mapped[int] = mapped_column(Integer)
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_until: Mapped[dt.date | None] = mapped_column(Date)

    version: Mapped[CalendarVersionRecord] = relationship(back_populates="shifts")


class DatedDutyRecord(Base):
    __tablename__ = "dated_duties"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("calendar_versions.id"), index=True)
    centre: Mapped[str] = mapped_column(String(100))
    service: Mapped[str] = mapped_column(String(100))
    # ISO 8601 with the UTC offset, as in shifts.csv: keeps the agreed wall-clock reading.
    start: Mapped[str] = mapped_column(String(40))
    end: Mapped[str] = mapped_column(String(40))
    responders: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))

    version: Mapped[CalendarVersionRecord] = relationship(back_populates="duties")


class PlanRecord(Base):
    """A solved quarter kept for publishing: the calendar it would put in force, the version it
    was planned against and the network it used, so it can be published (or re-made) from the
    store alone."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    quarter: Mapped[str] = mapped_column(String(10), doc="e.g. 2027Q1.")
    planned_on: Mapped[dt.date] = mapped_column(Date, doc="The date the notice counts from.")
    base_version: Mapped[int | None] = mapped_column(
        Integer, doc="Calendar version in force when planned; None for a first plan."
    )
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenarios.id"))
    calendar: Mapped[dict[str, Any]] = mapped_column(
        doc="The calendar version it would become: standing shifts, dated duties, covered dates."
    )
    summary: Mapped[dict[str, Any]] = mapped_column(
        doc="Solver status and gap, validator verdict, expected answered contacts."
    )
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime]
    published_version: Mapped[int | None] = mapped_column(Integer)

    scenario: Mapped[ScenarioRecord] = relationship()


class ProposalRecord(Base):
    __tablename__ = "proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    centre: Mapped[str] = mapped_column(String(100), index=True)
    kind: Mapped[str] = mapped_column(String(10), doc="add, drop, move or resize.")
    before: Mapped[dict[str, Any] | None] = mapped_column(doc="The shift it replaces.")
    after: Mapped[dict[str, Any] | None] = mapped_column(doc="The new shift.")
    effective: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), index=True, doc="pending/approved/rejected.")
    base_version: Mapped[int] = mapped_column(Integer, doc="Calendar version it was made against.")
    impact: Mapped[dict[str, Any] | None] = mapped_column(doc="The impact report, as JSON.")
    submitted_by: Mapped[str] = mapped_column(String(200))
    submitted_at: Mapped[dt.datetime]
    submitted_on: Mapped[dt.date] = mapped_column(Date, doc="The date the notice counts from.")

    decision: Mapped[DecisionRecord | None] = relationship(back_populates="proposal")


class ClosureRecord(Base):
    """A centre's planned closure (e.g. its summer vacation): filed by the centre, approved or
    returned by the coordinator; an approved one is written into the next network version."""

    __tablename__ = "closures"

    id: Mapped[int] = mapped_column(primary_key=True)
    centre: Mapped[str] = mapped_column(String(100), index=True)
    first: Mapped[dt.date] = mapped_column(Date, doc="First closed date.")
    last: Mapped[dt.date] = mapped_column(Date, doc="Last closed date, inclusive.")
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), index=True, doc="pending/approved/returned.")
    submitted_by: Mapped[str] = mapped_column(String(200))
    submitted_at: Mapped[dt.datetime]
    submitted_on: Mapped[dt.date] = mapped_column(Date, doc="The date the notice counts from.")
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[dt.datetime | None]
    decision: Mapped[str | None] = mapped_column(Text, doc="The coordinator's words.")
    version: Mapped[int | None] = mapped_column(
        Integer, doc="The calendar version whose network took it in."
    )


class AgreementChangeRecord(Base):
    """A centre's proposed change to its duty agreement (availability, weekly hours, lines,
    languages, services, debrief hours) from a date; approved, it is written into the next
    network version."""

    __tablename__ = "agreement_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    centre: Mapped[str] = mapped_column(String(100), index=True)
    effective: Mapped[dt.date] = mapped_column(Date)
    before: Mapped[dict[str, Any]] = mapped_column(doc="The agreement's terms as they were.")
    after: Mapped[dict[str, Any]] = mapped_column(
        doc="The terms proposed, as the file writes them."
    )
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), index=True, doc="pending/approved/returned.")
    submitted_by: Mapped[str] = mapped_column(String(200))
    submitted_at: Mapped[dt.datetime]
    submitted_on: Mapped[dt.date] = mapped_column(Date, doc="The date the notice counts from.")
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[dt.datetime | None]
    decision: Mapped[str | None] = mapped_column(Text, doc="The coordinator's words.")
    version: Mapped[int | None] = mapped_column(
        Integer, doc="The calendar version whose network took it in."
    )


class AssumptionConfirmation(Base):
    """A value the network file marks as an assumption, confirmed by the coordinator as it was
    written then: a later change to the value makes it unconfirmed again."""

    __tablename__ = "assumption_confirmations"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), index=True, doc="e.g. helsinki.weekly_hours.")
    value: Mapped[str] = mapped_column(Text, doc="The value as the file wrote it.")
    confirmed_by: Mapped[str] = mapped_column(String(200))
    confirmed_at: Mapped[dt.datetime]


class DecisionRecord(Base):
    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Unique: a proposal is decided once, however many coordinators click at the same moment.
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), unique=True)
    outcome: Mapped[str] = mapped_column(String(10), doc="approved or rejected.")
    reason: Mapped[str] = mapped_column(Text)
    version_id: Mapped[int | None] = mapped_column(ForeignKey("calendar_versions.id"))
    repair: Mapped[dict[str, Any] | None] = mapped_column(doc="The repair applied, as JSON.")
    decided_by: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[dt.datetime]

    proposal: Mapped[ProposalRecord] = relationship(back_populates="decision")
    version: Mapped[CalendarVersionRecord | None] = relationship()


class AuditEntry(Base):
    """Who did what, when, with the state before and after. Refused attempts are logged too."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime]
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40), index=True)
    proposal_id: Mapped[int | None] = mapped_column(Integer, index=True)
    version_number: Mapped[int | None] = mapped_column(Integer)
    message: Mapped[str] = mapped_column(Text)
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]


class FeedToken(Base):
    """A subscriber's key to one calendar feed. The secret is shown once, at issue; only its
    SHA-256 is kept, so a copy of the database opens no feed."""

    __tablename__ = "feed_tokens"
    __table_args__ = (UniqueConstraint("token_hash", name="uq_feed_tokens_token_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), doc="SHA-256 of the secret, hex.")
    feed: Mapped[str] = mapped_column(String(100), index=True, doc="e.g. national, centre-oulu.")
    label: Mapped[str] = mapped_column(String(200), doc="Who or what subscribes.")
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime]
    revoked_at: Mapped[dt.datetime | None]
    replaced_by: Mapped[int | None] = mapped_column(
        ForeignKey("feed_tokens.id", name="fk_feed_tokens_replaced_by"),
        doc="The token issued in its place when it was rotated.",
    )


class Account(Base):
    """A dashboard sign-in: the role it acts as (`rota.app.actors.Actor`) and a salted scrypt
    hash of its password, never the password."""

    __tablename__ = "accounts"
    __table_args__ = (UniqueConstraint("username", name="uq_accounts_username"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(300), doc="scrypt$n$r$p$salt$hash, base64.")
    role: Mapped[str] = mapped_column(String(20), doc="coordinator, centre or responder.")
    centre_id: Mapped[str | None] = mapped_column(String(100), doc="The centre a centre acts for.")
    responder_id: Mapped[str | None] = mapped_column(String(100), doc="A responder's own id.")
    created_at: Mapped[dt.datetime]
    disabled_at: Mapped[dt.datetime | None] = mapped_column(doc="Set while it may not sign in.")
    # Personal data: shown to the coordinator only, used to send the account's notifications.
    email: Mapped[str | None] = mapped_column(String(320), doc="Where notifications go.")
    language: Mapped[str] = mapped_column(
        String(2), default="fi", server_default="fi", doc="fi, sv or en: the e-mails' language."
    )


class SignInThrottle(Base):
    """Failed sign-ins counted per account (`account:<username>`) or per client address
    (`source:<key>`), kept in the store so every dashboard process sees the same count."""

    __tablename__ = "sign_in_throttles"
    __table_args__ = (UniqueConstraint("key", name="uq_sign_in_throttles_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300))
    failures: Mapped[int] = mapped_column(Integer, doc="Failures since window_start.")
    window_start: Mapped[dt.datetime]
    locks: Mapped[int] = mapped_column(Integer, doc="Locks in a row; each one lasts longer.")
    locked_until: Mapped[dt.datetime | None]


class DashboardSession(Base):
    """A signed-in dashboard session. The browser keeps a random token in a cookie; the store
    keeps only its SHA-256, so a copy of the database signs nobody in. Ending it (signing out, a
    changed password, a disabled account) takes effect on every reload at once."""

    __tablename__ = "dashboard_sessions"
    __table_args__ = (UniqueConstraint("token_hash", name="uq_dashboard_sessions_token_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", name="fk_dashboard_sessions_account_id", ondelete="CASCADE")
    )
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    ended_at: Mapped[dt.datetime | None]


class OutboxMessage(Base):
    """An e-mail waiting to be sent, sent, or given up on. Written in the transaction of the
    action it tells about, so a rolled-back action sends nothing and a failed send loses
    nothing: `rota notify send` delivers what is due and retries with backoff."""

    __tablename__ = "outbox"
    __table_args__ = (UniqueConstraint("dedupe_key", name="uq_outbox_dedupe_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The account's name and address when it was written, not a foreign key: removing an
    # account must not be refused because mail to it was once queued.
    username: Mapped[str] = mapped_column(String(100), index=True)
    address: Mapped[str] = mapped_column(String(320))
    kind: Mapped[str] = mapped_column(String(40), doc="e.g. proposal-submitted, shift-reminder.")
    language: Mapped[str] = mapped_column(String(2))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    ics: Mapped[str | None] = mapped_column(Text, doc="An iCalendar attachment, for shifts.")
    dedupe_key: Mapped[str | None] = mapped_column(
        String(300), doc="Set for reminders, so a second run the same day queues nothing."
    )
    created_at: Mapped[dt.datetime]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(index=True)
    sent_at: Mapped[dt.datetime | None]
    failed_at: Mapped[dt.datetime | None] = mapped_column(doc="Given up after the last attempt.")
    last_error: Mapped[str | None] = mapped_column(Text)


class StaffingRecord(Base):
    """A quarter of the calendar in force staffed with the centres' responders (issue 19): the
    seats come from expanding calendar version `version_number` (versions never change), so the
    open seats are that expansion's seats without a row in `seat_assignments`."""

    __tablename__ = "staffings"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_number: Mapped[int] = mapped_column(Integer, doc="The calendar version staffed.")
    quarter: Mapped[str] = mapped_column(String(10), index=True, doc="e.g. 2027Q1.")
    people: Mapped[dict[str, Any]] = mapped_column(
        doc="Pseudonym -> centre and role of each responder on the roster then (no names)."
    )
    summary: Mapped[dict[str, Any]] = mapped_column(
        doc="Seats, filled, open, validator verdict, who is below a minimum commitment."
    )
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime]


class SeatAssignmentRecord(Base):
    """A responder on one seat of a shift: placed by the staffing, claimed, or handed over in a
    swap. The unique seat
    is what lets exactly one of two simultaneous claims win."""

    __tablename__ = "seat_assignments"
    __table_args__ = (
        UniqueConstraint(
            "staffing_id",
            "centre",
            "service",
            "start",
            "end",
            "kind",
            "seat",
            name="uq_seat_assignments_seat",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    staffing_id: Mapped[int] = mapped_column(ForeignKey("staffings.id"), index=True)
    responder: Mapped[str] = mapped_column(String(100), index=True)
    centre: Mapped[str] = mapped_column(String(100))
    service: Mapped[str] = mapped_column(String(100))
    # ISO 8601 with the UTC offset, as in shifts.csv.
    start: Mapped[str] = mapped_column(String(40))
    end: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20), doc="The occurrence's kind; extra for a claim.")
    seat: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(
        String(10), doc="assigned (by the staffing), pending (claimed) or confirmed."
    )
    via: Mapped[str] = mapped_column(String(10), doc="staffing, claim or swap.")
    created_at: Mapped[dt.datetime]


class SwapRecord(Base):
    """A responder's offer of one of their seats to a colleague: offered, accepted by one,
    then approved (the seat changes hands) or declined by the centre, or withdrawn."""

    __tablename__ = "swaps"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("seat_assignments.id"), index=True)
    centre: Mapped[str] = mapped_column(String(100), index=True)
    offered_by: Mapped[str] = mapped_column(String(100))
    taker: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(
        String(10), doc="offered, accepted, approved, declined or withdrawn."
    )
    created_at: Mapped[dt.datetime]
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[dt.datetime | None]


class CentreSetting(Base):
    """A centre's own choices: whether a claim that keeps every rule is confirmed at once."""

    __tablename__ = "centre_settings"
    __table_args__ = (UniqueConstraint("centre", name="uq_centre_settings_centre"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    centre: Mapped[str] = mapped_column(String(100))
    auto_confirm_claims: Mapped[bool] = mapped_column(Boolean)
    updated_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime]
