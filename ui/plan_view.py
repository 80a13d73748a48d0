"""A solved quarter on the coordinator's page: verdict, coverage heat maps, the rule table with
links to the offending hours, load, holiday shares, the quarter calendar, downloads, publishing.

Every figure comes from the outcome of `plan_quarter` and its independent validation; nothing here
re-checks a rule.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd
import streamlit as st

from rota.app import figures, network, plans
from rota.app.figures import Violation
from rota.domain.calendar import HELSINKI
from rota.domain.clock import WEEKDAYS
from rota.domain.errors import ChangeError, NotFound
from rota.domain.proposals import ShiftModel
from ui import charts, context
from ui.i18n import (
    date_text,
    language,
    number,
    percent,
    rule_title,
    signed,
    signed_percent,
    t,
    weekday,
)
from ui.impact_view import LOSS_NOTICED
from ui.solve_job import OUTCOME, PlanResult


def show(result: PlanResult) -> None:
    """The answers first (verdict, answered contacts, what publishing changes, assumptions),
    then the evidence (heat maps, rules, load), then the files."""
    outcome = result.outcome
    verdict(result)
    answers(result)
    publish(result)
    assumptions(result)
    solver_details(result)
    heat_maps(result)
    rule_table(result)
    left, right = st.columns(2)
    with left:
        st.subheader(t("load_title"), anchor="load")
        st.caption(t("load_help"))
        loads = figures.centre_load(outcome)
        st.altair_chart(charts.load_chart(loads, outcome.scenario), width="stretch")
    with right:
        holiday_shares(result)
        st.subheader(t("calendar_title"), anchor="calendar")
        frame = charts.calendar_frame(outcome.scenario, outcome.plan.period, outcome.holidays)
        st.altair_chart(charts.calendar_chart(frame))
    downloads(result.folder)


def verdict(result: PlanResult) -> None:
    outcome = result.outcome
    quarter = outcome.plan.period.label
    if outcome.feasible:
        st.success(t("feasible", quarter=quarter))
        return
    rules = outcome.scenario.rules
    broken = [c.rule for c in outcome.validation.checks.values() if not c.passed]
    named = ", ".join(f"{rule} ({rule_title(rule, rules)})" for rule in broken)
    st.error(t("infeasible", quarter=quarter, rules=named or "—"))


def answers(result: PlanResult) -> None:
    """Expected answered contacts and answer rate per service, against the calendar the plan
    was made from (or, for a first plan, the flat calendar of the same responder-hours)."""
    outcome = result.outcome
    st.header(t("answers_title"), anchor="answers")
    compared = figures.what_if(outcome, result.coverage)
    reference = t("reference_baseline" if compared.reference == "baseline" else "reference_flat")
    st.caption(t("answers_help", reference=reference))
    gains = {s.service: s for s in compared.services}
    names = {s.id: s.name for s in outcome.scenario.services}
    served = figures.answered(outcome, result.coverage)
    for column, figure in zip(st.columns(len(served)), served, strict=True):
        change = gains[figure.service].gain if figure.service in gains else 0.0
        # Finnish writes a loss with a true minus sign, which Streamlit does not read as one:
        # the colour and the arrow are given, not guessed from the text.
        column.metric(
            names.get(figure.service, figure.service),
            number(figure.answered),
            delta=signed_percent(change),
            delta_color="red" if change < 0 else "green" if change > 0 else "gray",
            delta_arrow="down" if change < 0 else "up" if change > 0 else "off",
        )
        if figure.rate is not None:
            column.caption(t("answer_rate", rate=percent(figure.rate, 0)))
    offered = sum(f.offered for f in served)
    answered = sum(f.answered for f in served)
    change = compared.plan_answered - compared.reference_answered
    st.markdown(
        t(
            "answers_total",
            answered=number(answered),
            offered=number(offered),
            rate=percent(answered / offered if offered else 0.0, 0),
            change=signed(change, 1),
            gain=signed_percent(compared.gain),
        )
    )
    if change < -LOSS_NOTICED:
        st.warning(t("answers_loss", change=signed(change, 1)))


def assumptions(result: PlanResult) -> None:
    """The values the network in force still marks as assumptions, not yet confirmed on the
    Network page; before the first calendar, the scenario file's own list."""
    try:
        marked = network.assumptions(context.store(), context.actor())
    except NotFound:
        listed = result.outcome.scenario.assumptions
        if listed:
            with st.expander(t("plan_assumptions_title", count=len(listed))):
                st.caption(t("plan_assumptions_help"))
                st.markdown("\n".join(f"- **{a.about}**: {a.note}" for a in listed))
        return
    except ChangeError as error:
        context.refuse(error)
    open_ones = [a for a in marked if not a.confirmed]
    if not open_ones:
        return
    with st.expander(t("plan_assumptions_title", count=len(open_ones))):
        st.caption(t("plan_assumptions_help"))
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("col_owner"): a.owner_name,
                        t("col_field"): a.field,
                        t("col_value"): a.value,
                        t("col_note"): a.note,
                    }
                    for a in open_ones
                ]
            ),
            hide_index=True,
        )


def solver_details(result: PlanResult) -> None:
    """What the solver reports, in words: how close to the best possible plan, and its size."""
    solve = result.outcome.result
    with st.expander(t("solver_title")):
        if not solve.has_plan:
            st.markdown(t("solver_none"))
        elif solve.gap == 0:
            st.markdown(t("solver_best"))
        elif solve.status == "OPTIMAL":
            st.markdown(t("solver_proven", gap=percent(solve.gap, 2)))
        else:
            st.markdown(t("solver_timed_out", gap=percent(solve.gap, 2)))
        st.caption(
            t(
                "solver_size",
                seconds=number(solve.seconds, 1),
                variables=number(solve.variables),
                constraints=number(solve.constraints),
                objective=number(solve.objective),
                bound=number(solve.bound),
            )
        )


def heat_maps(result: PlanResult) -> None:
    st.header(t("heat_title"), anchor="heat")
    st.caption(t("heat_help"))
    outcome = result.outcome
    for night, repeats in charts.dst_changes(outcome.plan.period):
        st.caption(t("dst_repeat" if repeats else "dst_skip", date=date_text(night)))
    for service in outcome.scenario.services:
        frame = charts.heat_frame(result.coverage, service.id, outcome.plan.period)
        gaps = int(frame["gap"].sum()) if not frame.empty else 0
        st.subheader(f"{service.name}", anchor=_heat_anchor(service.id))
        st.caption(t("gaps", count=gaps) if gaps else t("no_gaps"))
        if not frame.empty:
            st.altair_chart(charts.heat_chart(frame), width="stretch")


def rule_table(result: PlanResult) -> None:
    st.header(t("rules_title"), anchor="rules")
    checks = result.outcome.validation.checks.values()
    rules = result.outcome.scenario.rules
    lines = [
        f"| {t('rule')} | {t('what')} | {t('result')} | {t('checked')} | {t('violations')} |",
        "|---|---|---|---|---|",
    ]
    for check in checks:
        count = len(check.violations)
        link = f"[{count}](#{_rule_anchor(check.rule)})" if count else "0"
        result_text = f":green[{t('pass')}]" if check.passed else f":red[**{t('fail')}**]"
        title = rule_title(check.rule, rules)
        checked = number(check.checked)
        lines.append(f"| {check.rule} | {title} | {result_text} | {checked} | {link} |")
    st.markdown("\n".join(lines))
    names = {s.id: s.name for s in result.outcome.scenario.services}
    for check in checks:
        if check.passed:
            continue
        st.subheader(t("violations_of", rule=check.rule), anchor=_rule_anchor(check.rule))
        shown = check.violations[:50]
        lines = [_violation_line(v, names) or rule_title(check.rule, rules) for v in shown]
        st.markdown("\n".join(f"- {line}" for line in lines))
        if len(check.violations) > len(shown):
            st.caption(f"… +{len(check.violations) - len(shown)}")


def holiday_shares(result: PlanResult) -> None:
    outcome = result.outcome
    hours = figures.holiday_evenings(outcome)
    if not hours:
        return
    st.subheader(t("shares_title"), anchor="shares")
    total = sum(hours.values()) or 1.0
    centres = {c.id: c.name for c in outcome.scenario.centres}
    st.dataframe(
        pd.DataFrame(
            [
                {t("centre"): centres.get(c, c), "h": number(h, 1), "%": percent(h / total)}
                for c, h in hours.items()
            ]
        ),
        hide_index=True,
    )


def downloads(folder: Path) -> None:
    st.header(t("downloads_title"), anchor="downloads")
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != OUTCOME)
    st.download_button(
        t("download_all"),
        _zipped(str(folder)),
        file_name=f"{folder.name}.zip",
        mime="application/zip",
        type="primary",
    )
    columns = st.columns(4)
    for i, path in enumerate(files):
        with columns[i % 4]:
            st.download_button(
                str(path.relative_to(folder)),
                path.read_bytes(),
                file_name=path.name,
                key=f"download-{path.relative_to(folder)}",
            )


def publish(result: PlanResult) -> None:
    """The diff against the calendar in force first; publishing only after confirming it."""
    st.header(t("publish_title"), anchor="publish")
    store, who = context.store(), context.actor()
    try:
        seen = plans.preview(store, who, result.plan, context.today())
    except ChangeError as error:
        context.refuse(error)
    if seen.identical:
        st.info(t("publish_identical", number=seen.against))
        return
    if seen.stale is not None:
        made = "—" if seen.base is None else seen.base
        st.warning(t("publish_stale", made=made, now=seen.against))
        return
    if seen.against is None:
        st.info(t("publish_first"))
    else:
        st.markdown(t("publish_against", number=seen.against))
        _diff(seen, {s.id: s.name for s in result.outcome.scenario.services})
    confirmed = st.checkbox(t("publish_confirm"), key=f"confirm-{result.plan}")
    if st.button(t("publish"), key="publish", type="primary", disabled=not confirmed):
        try:
            done = plans.publish(store, who, result.plan, seen.against, context.today())
        except ChangeError as error:
            context.refuse(error)
        if done.published:
            st.success(t("published", number=done.version))
        else:
            st.info(t("publish_identical", number=done.version))


def _diff(seen: plans.Preview, services: dict[str, str]) -> None:
    if not seen.centres:
        st.caption(t("publish_no_changes"))

    def shift(model: ShiftModel) -> str:
        day = weekday(WEEKDAYS.index(model.weekday))
        name = services.get(model.service, model.service)
        return f"{name} {day} {model.start}–{model.end} ×{model.responders}"

    for centre in seen.centres:
        lines = [t("publish_centre", name=centre.name, date=f"{centre.effective:%d.%m.%Y}")]
        lines += [f"- {t('publish_added')}: {shift(s)}" for s in centre.added]
        lines += [f"- {t('publish_dropped')}: {shift(s)}" for s in centre.dropped]
        lines += [f"- {t('publish_moved')}: {shift(a)} → {shift(b)}" for a, b in centre.moved]
        st.markdown("\n".join(lines))
    st.caption(t("publish_dated", added=seen.dated_added, dropped=seen.dated_dropped))
    st.subheader(t("publish_answered"))
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("service"): s.name,
                    t("publish_in_force"): number(s.in_force),
                    t("publish_planned"): number(s.planned),
                    t("publish_change"): signed(s.change),
                }
                for s in seen.services
            ]
        ),
        hide_index=True,
    )


@st.cache_data(show_spinner=False, max_entries=8)
def _zipped(folder: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file() and path.name != OUTCOME:
                archive.write(path, path.relative_to(folder))
    return buffer.getvalue()


def _violation_line(violation: Violation, names: dict[str, str]) -> str:
    where = ""
    if violation.start is not None:
        start = violation.start.astimezone(HELSINKI)
        end = f"–{violation.end.astimezone(HELSINKI):%H:%M}" if violation.end is not None else ""
        where = f"{weekday(start.weekday())} {start:%d.%m.%Y %H:%M}{end} "
    service = names.get(violation.service or "", violation.service or "")
    link = (
        f" [→ {t('show_hours')}](#{_heat_anchor(violation.service)})"
        if violation.service in names
        else ""
    )
    # The validator's sentence is English: whole on an English page; on others the service and
    # the hours say where, and the section's rule says what.
    message = f"— {violation.message}" if language() == "en" else ""
    line = " ".join(p for p in (f"**{service}**" if service else "", where.strip(), message) if p)
    return f"{line}{link}"


def _heat_anchor(service: str | None) -> str:
    return f"heat-{service}"


def _rule_anchor(rule: str) -> str:
    return f"rule-{rule.lower()}"
