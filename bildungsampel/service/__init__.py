"""Services without Streamlit and without formatting: dataset, publishing, store, settings, auth."""
