"""How closures read on the pages: a closure's preview, a span of hours, a season's rows."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from rota.app.closures import KnownClosure, Preview, Season, ServiceGap
from ui.i18n import date_text, number, t, weekday


def span_text(start: dt.datetime, end: dt.datetime) -> str:
    """'to 04.03.2027 09:00–13:00' (Helsinki time, as the service gives it)."""
    last = "24:00" if end.date() != start.date() and end.hour == 0 else f"{end:%H:%M}"
    return f"{weekday(start.weekday())} {date_text(start.date())} {start:%H:%M}–{last}"


def dates_text(first: dt.date, last: dt.date) -> str:
    return f"{date_text(first)}–{date_text(last)}"


def state_text(status: str) -> str:
    return t(f"closure_status_{status}")


def known_text(closure: KnownClosure) -> str:
    return (
        f"{closure.name} {dates_text(closure.first, closure.last)} ({state_text(closure.status)})"
    )


def show_preview(preview: Preview) -> None:
    """What the closure does with every closure known, before it is submitted."""
    if preview.too_soon:
        st.warning(t("closure_too_soon", date=date_text(preview.earliest)))
    gaps = [s for s in preview.services if s.uncovered]
    if not gaps:
        st.success(
            t("closure_gap_free", first=date_text(preview.first), last=date_text(preview.last))
        )
    for gap in gaps:
        st.warning(gap_text(gap))
    for held in (s for s in preview.services if s.substitute_hours):
        hours = number(held.substitute_hours, 1)
        st.info(t("closure_substitutes", service=held.name, hours=hours))
    if preview.others:
        st.markdown(
            t("closure_others") + "\n" + "\n".join(f"- {known_text(k)}" for k in preview.others)
        )
    if gaps:
        if preview.alternatives:
            st.markdown(
                t("closure_alternatives")
                + "\n"
                + "\n".join(f"- {dates_text(a, b)}" for a, b in preview.alternatives)
            )
        else:
            st.markdown(t("closure_no_alternative"))


def gap_text(gap: ServiceGap) -> str:
    lines = [t("closure_gap", service=gap.name, hours=number(gap.uncovered_hours, 1))]
    lines += [f"- {span_text(a, b)}" for a, b in gap.uncovered]
    if gap.also_closed:
        # After a blank line, so it reads as its own sentence, not as the list's last item.
        lines += ["", t("closure_because", names=", ".join(gap.also_closed))]
    return "\n".join(lines)


def season_frame(season: Season, service: str) -> pd.DataFrame:
    """The rows of one service's timeline: the closures of centres that staff it, then its gaps."""
    staff = set(season.staffing.get(service, []))
    rows: list[dict[str, object]] = []
    for order, k in enumerate(c for c in season.closures if c.centre in staff):
        rows.append(
            {
                "row": k.name,
                "order": order,
                "from": pd.Timestamp(k.first),
                "to": pd.Timestamp(k.last + dt.timedelta(days=1)),
                "state": state_text(k.status),
                "when": dates_text(k.first, k.last),
            }
        )
    # A gap of a few hours would not show on a season's scale: each day with one is a bar.
    days: dict[dt.date, list[str]] = {}
    for gap in (g for g in season.gaps if g.service == service):
        for a, b in gap.uncovered:
            days.setdefault(a.date(), []).append(span_text(a, b))
    for day, spans in sorted(days.items()):
        rows.append(
            {
                "row": t("season_gap_row"),
                "order": len(rows) + 1000,
                "from": pd.Timestamp(day),
                "to": pd.Timestamp(day + dt.timedelta(days=1)),
                "state": t("season_gap_row"),
                "when": ", ".join(spans),
            }
        )
    return pd.DataFrame(rows)
