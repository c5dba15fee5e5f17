"""Streamlit support: the only Streamlit code besides ``pages/`` and ``dashboard.py``."""
