"""A test that leaves a process running on purpose, for tests/test_processes.py.

Its name does not match ``test_*.py``: only a run that names this file collects it.
"""

import subprocess
import sys

# Its parent exits at once: the sleep lives on in a session of its own, as a daemon does.
LEAK = (
    "import subprocess; "
    "subprocess.Popen(['sleep', '30'], start_new_session=True, "
    "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)"
)


def test_passes_but_leaves_a_sleep_running():
    subprocess.run([sys.executable, "-c", LEAK], check=True)
