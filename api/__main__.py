"""``python -m api``: run the service under uvicorn with every setting from ``ARTIFACTDET_*`` variables.

One uvicorn process serves HTTP; scoring runs in ARTIFACTDET_WORKERS processes under it. Do not add uvicorn
workers: each would start its own scoring pool and keep its own metrics.
"""

from __future__ import annotations

import uvicorn

from api.settings import get_settings


def main() -> None:
    settings = get_settings()
    uvicorn.run(
        "api.app:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level,
        access_log=False,  # the app writes its own, with request ids
        server_header=False,
        limit_concurrency=settings.max_connections,
        timeout_graceful_shutdown=settings.shutdown_timeout_s,
    )


if __name__ == "__main__":
    main()
