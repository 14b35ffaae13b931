# The portal's image: web (gunicorn), worker and beat all run from it (see docker-compose.yml).
# gunicorn is meant to sit behind the reverse proxy of deploy/nginx.conf, which limits request
# sizes and serves the static files; the image publishes no port of its own to the host.
FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
# WeasyPrint needs Pango; CJK fonts for PDFs; libharfbuzz-subset0 makes CJK subsetting fast.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk postgresql-client \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml ./
RUN pip install --upgrade pip
COPY . .
RUN pip install -e . \
 && DJANGO_DEBUG=1 DJANGO_STATIC_MANIFEST=1 python manage.py collectstatic --no-input -v 0

RUN useradd --system --uid 1000 portal && mkdir -p /app/var/media /app/var/static && chown -R portal /app/var
USER portal
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--graceful-timeout", "30", "--access-logfile", "-"]
