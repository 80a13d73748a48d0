"""A centre's page: its dated calendar week by week, its feed link, its standing shifts, the
status of its proposals and its closures (filed with a live preview of what they collide with).

The centre comes from the signed-in account; `?centre=ID` asks for another one, which the
change service grants the coordinator only.
"""

import datetime as dt

import pandas as pd
import streamlit as st

from rota.app import agreements, changes, closures, feed_tokens
from rota.app.centre_calendar import Cancelled, CentreCalendar, CentreWeek, centre_weeks
from rota.domain.clock import MINUTES_PER_DAY, format_clock
from rota.domain.errors import ChangeError
from ui import context
from ui.closure_view import dates_text, show_preview, state_text
from ui.i18n import Language, date_text, language, t, weekday
from ui.impact_view import OCCURRENCE_KINDS, Names, decision_text, describe, status_text
from ui.network_view import term_text

# The label the links made here are stored with (the command line lists it as it is).
DASHBOARD = "dashboard"
WEEKDAY_INDEX = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


def day_text(day: dt.date) -> str:
    return f"{weekday(day.weekday())} {day:%d.%m.%Y}"


def week_label(week: CentreWeek) -> str:
    """The week with what sets it apart, so the list of weeks reads without opening one."""
    parts = [
        t(
            "week_label",
            week=week.week,
            first=f"{week.first:%d.%m.%Y}",
            last=f"{week.last:%d.%m.%Y}",
        )
    ]
    parts += [name or t("extra_holiday") for name in week.holidays.values()]
    if week.closed:
        parts.append(t("closed_days", count=len(week.closed)))
    if week.cancelled:
        parts.append(t("cancelled_count", count=len(week.cancelled)))
    return " · ".join(parts)


def show_week(week: CentreWeek, found: CentreCalendar) -> None:
    marks = [
        f"- {day_text(day)}: {name or t('extra_holiday')}" for day, name in week.holidays.items()
    ]
    marks += [f"- {day_text(day)}: {t('closed')}" for day in week.closed]
    if marks:
        st.markdown("\n".join(marks))
    if week.occurrences:
        st.table(
            pd.DataFrame(
                [
                    {
                        t("day"): day_text(o.start.date()),
                        t("time"): f"{o.start:%H:%M}–{o.end:%H:%M}",
                        t("service"): found.services.get(o.service, o.service),
                        t("responders"): o.responders,
                        t("occ_kind"): t(OCCURRENCE_KINDS[o.kind]),
                    }
                    for o in week.occurrences
                ]
            ).set_index(t("day"))
        )
    else:
        st.caption(t("no_duties_week"))
    if week.cancelled:
        st.markdown(f"**{t('cancelled_title')}**")
        st.markdown(
            "\n".join(
                f"- {day_text(c.start.date())} {c.start:%H:%M}–{c.end:%H:%M} "
                f"{found.services.get(c.service, c.service)} — {why(c)}"
                for c in week.cancelled
            )
        )


def why(cancelled: Cancelled) -> str:
    if cancelled.reason == "closure":
        return t("cancelled_closure", date=f"{cancelled.day:%d.%m.%Y}")
    name = cancelled.holiday or t("extra_holiday")
    return t("cancelled_holiday", name=name, date=f"{cancelled.day:%d.%m.%Y}")


def link_label(label: str, lang: Language) -> str:
    """A link's label: the one this page gives (DASHBOARD) in words, one given on the command
    line as it was written."""
    return t("link_label_dashboard", lang) if label == DASHBOARD else label


def subscribe(feed: str) -> None:
    """A secret address for the centre's feed: a new one, or one replacing an old address (which
    then stops working, for a link that leaked or a subscriber who left)."""
    st.header(t("centre_feed_title"))
    st.caption(t("centre_feed_help"))
    issued = None
    lang = language()  # bound now: the selectbox calls its format_func again later
    try:
        new, replace = st.columns(2)
        if new.button(t("make_link"), type="primary", key="issue"):
            issued = feed_tokens.issue(store, who, feed, label=DASHBOARD)
        # Listed after issuing, so a link made just now can be replaced at once.
        active = [k for k in feed_tokens.list_tokens(store, who, feed) if k.revoked_at is None]
        if active:
            old = replace.selectbox(
                t("replace_which"),
                active,
                format_func=lambda k: t(
                    "link_made",
                    lang,
                    id=k.id,
                    label=link_label(k.label, lang),
                    date=f"{k.created_at:%d.%m.%Y}",
                ),
            )
            if replace.button(t("replace_link"), key="rotate"):
                issued = feed_tokens.rotate(store, who, old.id)
    except ChangeError as error:
        context.refuse(error)
    if issued is not None:
        st.session_state[f"subscribe_url:{feed}"] = feed_tokens.feed_url(
            context.feed_base_url(), issued.secret
        )
        if issued.replaces is not None:
            st.success(t("link_replaced", id=issued.replaces))
    url: str | None = st.session_state.get(f"subscribe_url:{feed}")
    if url:
        webcal = feed_tokens.webcal_url(url)
        st.markdown(f"**https:** `{url}`")
        st.markdown(f"**webcal:** [{webcal}]({webcal})")
        st.caption(t("link_once"))


def closures_section(centre: str, months: int) -> None:
    """File a closure: the preview updates as the dates change, before anything is sent."""
    st.header(t("closure_title"))
    today = context.today()
    try:
        earliest = changes.earliest_allowed(store, who, today)
    except ChangeError as error:
        context.refuse(error)
    st.caption(t("closure_help", date=date_text(earliest), months=months))
    left, right = st.columns(2)
    first = left.date_input(t("closure_first"), earliest, format="DD.MM.YYYY", key="closure_first")
    last = right.date_input(
        t("closure_last"), earliest + dt.timedelta(days=13), format="DD.MM.YYYY", key="closure_last"
    )
    reason = st.text_input(t("reason"), key="closure_reason")
    if last < first:
        st.warning(t("closure_order"))
    elif (last - first).days >= closures.MAX_DAYS:
        st.warning(t("closure_too_long", days=closures.MAX_DAYS))
    else:
        try:
            preview = closures.preview(store, who, centre, first, last, today)
        except ChangeError as error:
            context.refuse(error)
        show_preview(preview)
        if st.button(
            t("closure_file"), type="primary", key="closure_file", disabled=preview.too_soon
        ):
            if not reason.strip():
                st.warning(t("closure_reason_needed"))
            else:
                try:
                    ident = closures.file(store, who, centre, first, last, reason, today)
                except ChangeError as error:
                    st.error(context.refusal(error))
                else:
                    st.success(t("closure_filed", id=ident))
    st.subheader(t("closure_own"))
    try:
        own = closures.list_closures(store, who, centre)
    except ChangeError as error:
        context.refuse(error)
    if not own:
        st.info(t("closure_none"))
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "#": c.id,
                    t("day"): dates_text(c.first, c.last),
                    t("reason"): c.reason,
                    t("status"): state_text(c.status),
                    t("decision"): c.decision or "",
                }
                for c in own
            ]
        ),
        hide_index=True,
    )


def end_clock(minutes: int) -> str:
    """An end time: midnight at the end of a day is 24:00."""
    return "24:00" if minutes and minutes % MINUTES_PER_DAY == 0 else format_clock(minutes)


def impossible_text(found: agreements.Impossible, services: dict[str, str]) -> str:
    if found.service is None or found.weekday is None:
        return t("impossible_weekly", needed=f"{found.needed:g}", possible=f"{found.possible:g}")
    return t(
        "impossible_hours",
        rule=found.rule,
        service=services.get(found.service, found.service),
        day=weekday(found.weekday),
        start=format_clock(found.start or 0),
        end=end_clock(found.end or 0),
        needed=f"{found.needed:g}",
        possible=f"{found.possible:g}",
    )


def agreement_section(centre: str) -> None:
    """The agreement as data; a change with its impact shown before it is submitted."""
    st.header(t("agreement_title"))
    try:
        found = agreements.agreement(store, who, centre)
        earliest = changes.earliest_allowed(store, who, context.today())
    except ChangeError as error:
        context.refuse(error)
    services = {s.id: s.name for s in calendar.scenario.services}
    st.caption(t("agreement_help", version=found.version))
    terms = dict(found.terms)
    with st.expander(t("change"), expanded=False):
        offered = st.multiselect(
            t("term_services"),
            list(services),
            default=terms["services"],
            format_func=services.__getitem__,
            key="agreement_services",
        )
        spoken = st.multiselect(
            t("term_languages"),
            ["fi", "sv", "en"],
            default=terms["languages"],
            key="agreement_lang",
        )
        columns = st.columns(max(len(offered), 1))
        lines = {
            s: int(
                column.number_input(
                    t("agreement_lines_of", service=services[s]),
                    min_value=0,
                    max_value=50,
                    value=int(terms["lines"].get(s, 0)),
                    key=f"agreement_lines_{s}",
                )
            )
            for s, column in zip(offered, columns, strict=False)
        }
        low, high, when = st.columns(3)
        weekly = {
            "min": low.number_input(
                t("agreement_weekly_min"),
                0.0,
                8400.0,
                float(terms["weekly_hours"]["min"]),
                key="agreement_min",
            ),
            "max": high.number_input(
                t("agreement_weekly_max"),
                0.0,
                8400.0,
                float(terms["weekly_hours"]["max"]),
                key="agreement_max",
            ),
        }
        effective = when.date_input(
            t("agreement_effective"), earliest, format="DD.MM.YYYY", key="agreement_effective"
        )
        reason = st.text_input(t("reason"), key="agreement_reason")
    proposed = {
        **terms,
        "services": offered,
        "languages": spoken,
        "lines": lines,
        "weekly_hours": {k: v if v != int(v) else int(v) for k, v in weekly.items()},
    }
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("col_term"): t(f"term_{term}"),
                    t("col_now"): term_text(term, terms[term], services),
                    t("col_proposed"): term_text(term, proposed[term], services)
                    if proposed[term] != terms[term]
                    else "",
                }
                for term in agreements.TERMS
            ]
        ),
        hide_index=True,
    )
    changed = {k: v for k, v in proposed.items() if v != terms[k]}
    if changed:
        try:
            impact = agreements.preview(store, who, centre, changed, effective, context.today())
        except ChangeError as error:
            st.error(context.refusal(error))
        else:
            if impact.too_soon:
                st.warning(t("closure_too_soon", date=date_text(impact.earliest)))
            if impact.impossible:
                st.error(
                    t("agreement_impossible")
                    + "\n"
                    + "\n".join(f"- {impossible_text(i, services)}" for i in impact.impossible)
                )
            if impact.broken_shifts:
                st.warning(
                    t("agreement_broken")
                    + "\n"
                    + "\n".join(
                        f"- {services.get(s.service, s.service)} {weekday(s.weekday)} "
                        f"{format_clock(s.start)}–{end_clock(s.start + s.minutes)}"
                        for s in impact.broken_shifts
                    )
                )
            if not impact.impossible and not impact.broken_shifts:
                st.success(t("agreement_fine"))
            if st.button(t("agreement_submit"), key="agreement_submit", disabled=impact.too_soon):
                if not reason.strip():
                    st.warning(t("agreement_reason_needed"))
                else:
                    try:
                        ident = agreements.propose(
                            store, who, centre, changed, effective, reason, context.today()
                        )
                    except ChangeError as error:
                        st.error(context.refusal(error))
                    else:
                        st.success(t("agreement_filed", id=ident))
    else:
        st.caption(t("agreement_no_change"))
    own = agreements.list_changes(store, who, centre)
    if own:
        st.subheader(t("agreement_own"))
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "#": c.id,
                        t("agreement_effective"): date_text(c.effective),
                        t("change"): "; ".join(
                            f"{t(f'term_{k}')}: {term_text(k, c.after[k], services)}"
                            for k in agreements.TERMS
                            if c.after.get(k) != c.before.get(k)
                        ),
                        t("status"): state_text(c.status),
                        t("decision"): c.decision or "",
                    }
                    for c in own
                ]
            ),
            hide_index=True,
        )


who = context.actor()
store = context.store()
calendar = context.in_force(who)
names = Names.of(calendar.scenario)
asked = st.query_params.get("centre")
if who.role == "coordinator":
    centres = list(names.centres)
    asked = st.selectbox(
        t("centre"),
        centres,
        index=centres.index(asked) if asked in centres else 0,
        format_func=names.centre,
    )
centre = asked or who.ident

try:
    shifts = changes.standing_shifts(store, who, centre)
    proposals = changes.list_proposals(store, who)
    found = centre_weeks(store, who, centre, context.today(), language())
except ChangeError as error:
    context.refuse(error)

st.title(found.centre_name)
st.header(t("weeks_title"))
if not found.weeks:
    st.info(t("weeks_none"))
else:
    last = found.period.end - dt.timedelta(days=1)
    st.caption(
        t(
            "weeks_help",
            version=found.version,
            first=f"{found.period.first:%d.%m.%Y}",
            last=f"{last:%d.%m.%Y}",
        )
    )
    today = context.today()
    # This week open, or the first one when the calendar starts later.
    opened = next((w for w in found.weeks if w.first <= today <= w.last), found.weeks[0])
    for week in found.weeks:
        with st.expander(week_label(week), expanded=week is opened):
            show_week(week, found)

subscribe(f"centre-{found.centre}")

st.header(t("own_shifts"))
st.dataframe(
    pd.DataFrame(
        [
            {
                t("service"): context.service_name(calendar, s.service),
                t("day"): weekday(WEEKDAY_INDEX[s.weekday]),
                t("start"): s.start,
                t("end"): s.end,
                t("responders"): s.responders,
                t("valid_from"): f"{s.valid_from:%d.%m.%Y}" if s.valid_from else "",
                t("valid_until"): f"{s.valid_until:%d.%m.%Y}" if s.valid_until else "",
            }
            for s in shifts
        ]
    ),
    hide_index=True,
)

st.header(t("own_proposals"))
own = [p for p in proposals if p.centre == centre]
if not own:
    st.info(t("no_proposals"))
else:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "#": p.id,
                    t("change"): describe(p, names),
                    t("reason"): p.reason,
                    t("status"): status_text(p.status),
                    t("decision"): decision_text(p),
                }
                for p in own
            ]
        ),
        hide_index=True,
    )

closures_section(found.centre, calendar.scenario.rules.change_notice_months)
agreement_section(found.centre)
