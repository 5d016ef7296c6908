# One image for the web processes and the workers (compose.yaml runs both from it).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production
WORKDIR /app

COPY requirements.txt .
RUN pip install --disable-pip-version-check pip==25.3 && pip install --disable-pip-version-check -r requirements.txt

COPY . .
# Static files are collected into the image and served by whitenoise; the placeholders below only
# let the settings load (collectstatic neither connects to the database nor signs anything).
RUN DATABASE_URL=postgresql://build@localhost/build ALLOWED_HOSTS=build \
    SECRET_KEY=collectstatic-only-placeholder-never-used-to-sign-anything-0123456789 \
    python manage.py collectstatic --noinput

RUN useradd --system --uid 10001 app
USER app
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "120", "--access-logfile", "-"]
