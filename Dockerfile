# The artifactdet HTTP service: one uvicorn process, scoring in ARTIFACTDET_WORKERS processes (default: one
# per core the container may use). The model bundle and lexical resources ship inside the package.
#
#   docker build -t artifactdet .
#   docker run --rm -p 8000:8000 --cpus 2 -e ARTIFACTDET_API_KEYS=... artifactdet

FROM python:3.11-slim AS build

ENV PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Pinned runtime dependencies first (a layer that survives code changes), then the project itself.
RUN python -m venv /opt/venv
COPY requirements-api.txt /src/
RUN /opt/venv/bin/pip install --no-cache-dir -r /src/requirements-api.txt
COPY pyproject.toml README.md /src/
COPY artifactdet /src/artifactdet
COPY api /src/api
RUN /opt/venv/bin/pip install --no-cache-dir --no-deps /src \
    # Fail the build, not the first request, if the bundle is missing or does not match the code.
    && /opt/venv/bin/python -c "from artifactdet.detector import Detector; Detector.load()"

FROM python:3.11-slim

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    # Belt and braces: the workers limit OpenMP to one thread themselves (see api/worker.py).
    OMP_NUM_THREADS=1 \
    ARTIFACTDET_HOST=0.0.0.0 \
    ARTIFACTDET_PORT=8000 \
    ARTIFACTDET_MAX_CHARS=100000 \
    ARTIFACTDET_MAX_BATCH=64

RUN useradd --create-home --uid 10001 artifactdet
COPY --from=build /opt/venv /opt/venv

USER 10001
WORKDIR /home/artifactdet
EXPOSE 8000
# uvicorn finishes in-flight requests on SIGTERM (ARTIFACTDET_SHUTDOWN_TIMEOUT_S, default 20 s): give
# `docker stop` a longer timeout than that.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, sys, urllib.request; port = os.environ.get('ARTIFACTDET_PORT', '8000'); sys.exit(0 if urllib.request.urlopen(f'http://127.0.0.1:{port}/healthz', timeout=4).status == 200 else 1)"]
CMD ["python", "-m", "api"]
