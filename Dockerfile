# syntax=docker/dockerfile:1
# The Monogram image: gunicorn serving the API by default, `monogram worker` for the job queues.

# Build stage: wheels for Monogram and its dependencies; pycairo compiles against libcairo2-dev.
FROM python:3.11-slim-bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libc6-dev libcairo2-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml setup.cfg README.md ./
COPY backend ./backend
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

# Runtime stage: only the shared libraries and fonts, none of the compilers.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    MONOGRAM_INSTANCE_DIR=/var/lib/monogram
RUN apt-get update \
    && apt-get install -y --no-install-recommends libcairo2 fonts-dejavu-core poppler-utils \
    && rm -rf /var/lib/apt/lists/*
RUN --mount=type=bind,from=build,source=/wheels,target=/wheels \
    pip install --no-cache-dir --no-index --find-links /wheels monogram
RUN useradd --system --uid 10001 --home-dir /var/lib/monogram --create-home monogram
USER monogram
WORKDIR /var/lib/monogram
EXPOSE 8000
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "--workers", "4", "--access-logfile", "-", "monogram:create_app()"]
