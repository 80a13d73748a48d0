"""The coordinator imports the calendar in force — the standing calendar as the network keeps it
today (CSV or Excel), and optionally its dated duties — and sees the calendar versions so far.

The import service decides everything: it refuses anyone but the coordinator, lists every
problem of the files with their row and column and then stores nothing, and reports what in the
imported calendar already breaks a rule.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from rota.app import changes
from rota.app.calendar_import import ImportResult, import_calendar
from rota.domain.calendar import HELSINKI
from rota.domain.errors import ChangeError, InputError
from ui import context
from ui.i18n import date_text, t
from ui.impact_view import Names, break_text
from ui.problems import problem_text

FILE_TYPES = ["csv", "xlsx"]
# A path in a version's source: the folder goes, the file's name stays (an upload's folder was
# temporary, and the name is what the coordinator recognises).
FOLDER = re.compile(r"\S*/")


def saved(upload: UploadedFile | None, folder: Path) -> Path | None:
    """The upload as a file under its own name, in a folder of its own (the two uploads may
    share a name)."""
    if upload is None:
        return None
    folder.mkdir()
    path = folder / Path(upload.name).name
    path.write_bytes(upload.getvalue())
    return path


def problems(error: InputError, *files: Path | None) -> list[str]:
    """Each problem in the reader's language, naming the user's file, not the temporary folder
    it was saved in."""
    folders = [f"{file.parent}{os.sep}" for file in files if file is not None]

    def named(text: str) -> str:
        for folder in folders:
            text = text.replace(folder, "")
        return text

    if error.details:
        return [problem_text(p, named(p.source)) for p in error.details]
    return [named(line) for line in error.problems]


def source_text(source: str) -> str:
    """Where a version came from, in words: the service writes 'import FILES', 'proposal N' or
    'plan N'."""
    kind, _, rest = source.partition(" ")
    if kind == "import":
        return t("source_import", files=FOLDER.sub("", rest))
    if kind in ("proposal", "plan"):
        return t(f"source_{kind}", id=rest)
    return FOLDER.sub("", source)


def show_result(result: ImportResult) -> None:
    st.success(
        t(
            "imported",
            number=result.version,
            standing=result.standing_shifts,
            dated=result.dated_duties,
            centres=result.centres,
        )
    )
    names = Names.of(context.in_force(who).scenario)
    last = result.checked.end - dt.timedelta(days=1)
    checked = f"{date_text(result.checked.first)}–{date_text(last)}"
    if result.breaks:
        st.warning(t("findings_title", count=len(result.breaks), checked=checked))
        st.markdown("\n".join(f"- {break_text(b, names)}" for b in result.breaks))
    else:
        st.info(t("findings_none", checked=checked))


who = context.actor()
store = context.store()
try:
    versions = changes.list_versions(store, who)
except ChangeError as error:
    context.refuse(error)

st.title(t("page_calendar"))
st.header(t("import_title"))
st.caption(t("import_help", scenario=context.default_scenario()))
standing = st.file_uploader(t("standing_upload"), type=FILE_TYPES, key="standing")
dated = st.file_uploader(t("dated_upload"), type=FILE_TYPES, key="dated")
# The files of the last import and what it made: while the same files stay selected the
# result stays shown, and the button stays off, so a second press makes no duplicate version.
chosen = (standing.file_id if standing else None, dated.file_id if dated else None)
last: tuple[tuple[str | None, str | None], ImportResult] | None = st.session_state.get(
    "calendar_import"
)
done = last is not None and last[0] == chosen
pressed = st.button(
    t("import_button"), type="primary", disabled=standing is None or done, key="import"
)
if pressed and not done:
    with tempfile.TemporaryDirectory() as folder:
        standing_file = saved(standing, Path(folder) / "standing")
        dated_file = saved(dated, Path(folder) / "dated")
        assert standing_file is not None  # the button is enabled only with a standing file
        try:
            result = import_calendar(
                store, who, context.default_scenario(), standing_file, dated_file, context.today()
            )
        except InputError as error:
            st.error("\n\n".join([t("import_failed"), *problems(error, standing_file, dated_file)]))
        except ChangeError as error:
            context.refuse(error)
        else:
            st.session_state["calendar_import"] = (chosen, result)
            st.rerun()  # to show the result with the button off and the new version listed
if done and last is not None:
    show_result(last[1])

st.header(t("versions_title"))
if not versions:
    st.info(t("versions_none"))
else:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("col_version"): v.number,
                    t("col_source"): source_text(v.source),
                    t("col_by"): context.actor_text(v.created_by),
                    t("col_at"): f"{v.created_at.astimezone(HELSINKI):%d.%m.%Y %H:%M}",
                    t("col_standing"): v.standing_shifts,
                    t("col_dated"): v.dated_duties,
                }
                for v in reversed(versions)
            ]
        ),
        hide_index=True,
    )
