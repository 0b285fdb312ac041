"""gunicorn's production configuration, used by bin/serve and bin/load (`gunicorn -c`).

LAWTRACKER_BIND, LAWTRACKER_WORKERS and LAWTRACKER_THREADS adjust it; GUNICORN_CMD_ARGS
overrides any of it (gunicorn reads that variable after this file).
"""

import os

bind = os.environ.get("LAWTRACKER_BIND", "127.0.0.1:8000")
# Threads, not sync workers: a request waiting on the database (a save queued behind an
# import's transaction on SQLite) holds one thread, not a whole process, so the pages keep
# being served beside it. Two processes on a 2-core server, eight threads each; measured
# with bin/load (README, "Load").
worker_class = "gthread"
workers = int(os.environ.get("LAWTRACKER_WORKERS", "2"))
threads = int(os.environ.get("LAWTRACKER_THREADS", "8"))
# A worker that stops answering gunicorn for this long is restarted. Longer than SQLite's
# 60 s busy timeout, so a save waiting its turn fails with its own error, not a killed worker.
timeout = 120
accesslog = "-"
# The longest request line gunicorn takes (its own maximum; its default is 4,094 bytes): a
# list's address with every text filter at its limit (TEXT_MAX characters of Chinese,
# nine bytes each once encoded) fits, where the default answered a raw "414 URI Too Long".
limit_request_line = 8190
