# newsbot: the Telegram bot over the news-events engine.
# Build: docker build -t newsbot .
# Run:   docker run -e TELEGRAM_BOT_TOKEN=... -e NEWSBOT_ADMIN_IDS=123 -v newsbot-data:/data newsbot
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies get their own layer, rebuilt only when pyproject.toml changes.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install --requirement /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# The code itself changes often; its layer is small.
COPY README.md ./
COPY index ./index
COPY bot ./bot
COPY bench ./bench
RUN pip install --no-deps . \
    && groupadd --gid 10001 newsbot \
    && useradd --create-home --uid 10001 --gid 10001 --shell /usr/sbin/nologin newsbot \
    && mkdir /data \
    && chown newsbot:newsbot /data

USER 10001:10001
ENV NEWSBOT_DATA_DIR=/data
VOLUME /data

# The bot touches /data/heartbeat every 30 s; older than 90 s means the event loop is stuck or dead.
HEALTHCHECK --interval=60s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import os, sys, time; sys.exit(time.time() - os.path.getmtime('/data/heartbeat') > 90)"]

CMD ["newsbot", "run"]
