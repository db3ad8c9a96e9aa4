"""What the classroom's gunicorn workers need beyond its command line (``-c
python:mock_portal.gunicorn_config``).

Ctrl-C in a terminal sends SIGINT to the whole process group: the classroom, gunicorn's
master and each worker. The master answers it by sending each worker SIGQUIT. A worker that
also handles the terminal's SIGINT runs gthread's quit handler twice, the second time inside
the first, which holds its thread pool's lock: the second waits for it forever. The master
then kills the worker once ``--graceful-timeout`` is over (10 s, and "Worker was sent
SIGKILL! Perhaps out of memory?" in the log), at about one stop in six here. The
workers leave SIGINT to their master, which stops them.
"""

from __future__ import annotations

import signal


def post_worker_init(worker) -> None:
    # After gunicorn set the worker's own handlers, before it serves.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The master's SIGQUIT: gthread's handler shuts its thread pool down inside the signal
    # handler, which takes the pool's lock; landing while the worker's own loop holds that
    # lock (handing a connection to the pool), it waits for it forever, and the master kills
    # the worker 10 s later (still about one stop in ten with SIGINT ignored). The loop is
    # asked to stop instead: it shuts the pool down itself, outside any handler, within the
    # second its wait for events lasts.
    signal.signal(signal.SIGQUIT, lambda _signum, _frame: _stop(worker))


def _stop(worker) -> None:
    worker.alive = False
