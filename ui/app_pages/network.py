"""The coordinator's network: the centres, services and their hours, the holiday-duty group and
the rules of the network in force; the values still assumed, to confirm; the network as YAML
out, and a YAML file in as a new version once its diff has been read."""

import pandas as pd
import streamlit as st

from rota.app import agreements, network
from rota.domain.clock import format_clock
from rota.domain.errors import ChangeError, InputError
from ui import context
from ui.closure_view import dates_text
from ui.i18n import date_text, language, t
from ui.network_view import hours_text, term_text, yes_no

who = context.actor()
store = context.store()
calendar = context.in_force(who)
try:
    scenario = network.network_scenario(store, who)
    marked = network.assumptions(store, who)
except ChangeError as error:
    context.refuse(error)


services = {s.id: s.name for s in scenario.services}
st.title(t("page_network"))
st.caption(t("network_intro", version=calendar.version))

st.header(t("network_centres"))
st.dataframe(
    pd.DataFrame(
        [
            {
                t("centre"): c.name,
                t("col_languages"): ", ".join(c.languages),
                t("col_services"): ", ".join(services.get(s, s) for s in c.services),
                t("col_lines"): ", ".join(f"{services.get(s, s)} {n}" for s, n in c.lines.items()),
                t("col_weekly_hours"): f"{c.weekly_hours.min:g}–{c.weekly_hours.max:g}",
                t("col_availability"): hours_text(c.availability),
                t("col_holidays"): yes_no(c.open_on_holidays),
                t("col_closed"): ", ".join(dates_text(k.start, k.end) for k in c.closures),
            }
            for c in scenario.centres
        ]
    ),
    hide_index=True,
)

st.header(t("network_services"))
st.dataframe(
    pd.DataFrame(
        [
            {
                t("service"): s.name,
                t("col_channel"): t(f"channel_{s.channel}"),
                t("col_language"): s.language,
                t("col_hours"): hours_text(s.hours),
                t("col_min_responders"): s.min_responders,
                t("col_holidays"): yes_no(s.open_on_holidays),
            }
            for s in scenario.services
        ]
    ),
    hide_index=True,
)

rules = scenario.rules
centres = {c.id: c.name for c in scenario.centres}
st.header(t("network_group"))
st.markdown("\n".join(f"- {centres.get(c, c)}" for c in rules.holiday_duty_group))
st.header(t("network_rules"))
lengths = t("rule_lengths", min=f"{rules.min_shift_hours:g}", max=f"{rules.max_shift_hours:g}")
evening = t(
    "rule_evening", start=format_clock(rules.evening.start), end=format_clock(rules.evening.end)
)
finnish = t("rule_finnish", name=services.get(rules.finnish_line, rules.finnish_line))
notice = t("rule_notice_months", months=rules.change_notice_months)
st.markdown("\n".join(f"- {rule}" for rule in (lengths, notice, evening, finnish)))

st.header(t("assumptions_title"))
open_ones = [a for a in marked if not a.confirmed]
if not open_ones:
    st.success(t("assumptions_none"))
else:
    st.caption(t("assumptions_help", open=len(open_ones), total=len(marked)))
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
    lang = language()  # bound now: the selectbox calls its format_func again later
    pick = st.selectbox(
        t("assumption_pick", lang),
        open_ones,
        format_func=lambda a: f"{a.owner_name} · {a.field}: {a.value}",
        key="assumption",
    )
    if st.button(t("assumption_confirm"), key="confirm_assumption"):
        try:
            network.confirm_assumption(store, who, pick.key)
        except ChangeError as error:
            st.error(context.refusal(error))
        else:
            st.success(t("assumption_confirmed", what=f"{pick.owner_name} · {pick.field}"))

st.header(t("agreements_to_decide"))
try:
    pending = agreements.list_changes(store, who, status="pending")
except ChangeError as error:
    context.refuse(error)
if not pending:
    st.info(t("agreements_none_pending"))
for change in pending:
    with st.container(border=True):
        st.markdown(
            f"**{centres.get(change.centre, change.centre)}** "
            f"{t('agreement_effective')} {date_text(change.effective)} — {change.reason}"
        )
        st.markdown(
            "\n".join(
                f"- {t(f'term_{k}')}: {term_text(k, change.before[k], services)} → "
                f"{term_text(k, change.after[k], services)}"
                for k in agreements.TERMS
                if change.after.get(k) != change.before.get(k)
            )
        )
        note = st.text_input(t("closure_decision_note"), key=f"agreement-note-{change.id}")
        approve, send_back = st.columns(2)
        try:
            if approve.button(
                t("closure_approve"), key=f"agreement-approve-{change.id}", type="primary"
            ):
                version = agreements.approve(store, who, change.id, note)
                st.success(t("agreement_approved", id=change.id, version=version))
            if send_back.button(t("closure_return"), key=f"agreement-return-{change.id}"):
                if not note.strip():
                    st.warning(t("closure_return_needs_note"))
                else:
                    agreements.return_(store, who, change.id, note)
                    st.success(t("agreement_returned", id=change.id))
        except ChangeError as error:
            st.error(context.refusal(error))

st.download_button(
    t("network_export"),
    network.network_yaml(store, who),
    file_name="scenario.yaml",
    mime="application/yaml",
)

st.header(t("network_import_title"))
upload = st.file_uploader(t("network_import_file"), type=["yaml", "yml"])
if upload is not None:
    text = upload.getvalue().decode("utf-8", errors="replace")
    try:
        diff = network.compare_network(store, who, text, upload.name)
    except ChangeError as error:
        context.refuse(error)
    if diff.problems:
        st.error(t("network_import_problems") + "\n\n" + "\n\n".join(diff.problems))
    elif diff.same:
        st.info(t("network_import_same"))
    else:
        st.markdown(t("network_import_changes"))
        for key, names in (
            ("network_centres_added", diff.centres_added),
            ("network_centres_removed", diff.centres_removed),
            ("network_services_added", diff.services_added),
            ("network_services_removed", diff.services_removed),
        ):
            if names:
                st.markdown(f"- {t(key, names=', '.join(names))}")
        st.code("\n".join(diff.lines), language="diff")
        if st.button(t("network_import_button"), type="primary", key="import_network"):
            try:
                version = network.import_network(store, who, text, upload.name)
            except InputError as error:
                st.error("\n\n".join(error.problems))
            except ChangeError as error:
                st.error(context.refusal(error))
            else:
                st.success(t("network_imported", version=version))
