# The artifactdet HTTP service. The model bundle and lexical resources ship inside the package.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    ARTIFACTDET_MAX_CHARS=100000 \
    ARTIFACTDET_MAX_BATCH=64

RUN useradd --create-home --uid 10001 artifactdet
WORKDIR /app

# Pinned runtime dependencies first (a layer that survives code changes), then the project itself.
COPY requirements-api.txt ./
RUN pip install --no-cache-dir -r requirements-api.txt
COPY pyproject.toml README.md ./
COPY artifactdet ./artifactdet
COPY api ./api
RUN pip install --no-cache-dir --no-deps .

USER 10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request, sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"]
CMD ["uvicorn", "api.app:create_app", "--factory", "--host", "0.0.0.0", "--port", "8000"]
