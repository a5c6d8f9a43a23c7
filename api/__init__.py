"""HTTP service for artifactdet (FastAPI).

Run with ``python -m api`` (all settings from ``ARTIFACTDET_*``), ``artifactdet serve`` or
``uvicorn --factory api.app:create_app``.
"""
