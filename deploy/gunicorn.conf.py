"""gunicorn settings for production (deploy/systemd/manifatture-web.service):
`gunicorn -c deploy/gunicorn.conf.py config.wsgi:application`.
Each knob can be overridden from the environment file."""

import multiprocessing
import os

# nginx on the same machine talks to 127.0.0.1; with several application
# servers behind one nginx, bind the private address (GUNICORN_BIND=10.0.0.11:8000).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Threads share a process's memory; a few processes use the cores.
workers = int(os.environ.get("GUNICORN_WORKERS", min(multiprocessing.cpu_count() * 2 + 1, 9)))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A worker accepts only the connections its threads can serve at once; the
# others wait in the kernel's accept queue, which all workers share and serve in
# order. With gunicorn's default (1,000) one busy worker can take hundreds of
# connections while another is idle, and their requests wait behind it: in the
# booking benchmark this alone cut p99 by about 40% (bench/booking). nginx
# therefore opens a connection per request (no upstream keepalive).
worker_connections = threads
# A request that takes longer is stuck: its worker is replaced. nginx waits 60 s.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30  # on restart, requests under way get this long to finish
keepalive = 2  # seconds; nginx opens a connection per request (see worker_connections)
# Recycle workers now and then, so a slow leak never grows.
max_requests = 2000
max_requests_jitter = 200
# Only nginx may say the request came over HTTPS (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Django logs one line per request (manifatture.requests, with its id and
# duration); gunicorn's own access log would repeat it.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Workers write heartbeat files here; /dev/shm avoids a slow disk stalling them.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
proc_name = "manifatture"
