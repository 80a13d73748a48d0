"""The Streamlit dashboard: `streamlit_app.py` signs people in and lists the pages their role may
open (`app_pages/`); beside it what the pages share (the store and the actor, `context`; the
texts in Finnish and English, `i18n`; charts; the plan and impact views; the solve running in a
child process, `solve_job`).

Imports `rota.app` and `rota.domain` only (checked by `lint-imports`)."""
