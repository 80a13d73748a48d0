"""The dashboard's pages, one per task; `ui/streamlit_app.py` picks those the signed-in role may
see. Each calls `rota.app` and renders."""
