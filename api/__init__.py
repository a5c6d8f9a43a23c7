"""HTTP service for artifactdet (FastAPI).

Run with ``artifactdet serve`` or ``uvicorn --factory api.app:create_app``.
"""
