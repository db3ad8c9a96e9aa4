"""The instance folder: what one portal keeps beside its code (its secret key, its SQLite file).

Several workers of one portal (gunicorn) each build the app; they must sign sessions
with the same key, so the key lives in a file of the instance folder rather than in
each process's memory.
"""

import os
import secrets
import tempfile
from pathlib import Path

SECRET_KEY_FILE = "secret_key"


def _write_private(folder: Path, text: str) -> Path:
    # Written aside then moved into place: a reader never sees half a key.
    handle, name = tempfile.mkstemp(dir=folder, prefix=".secret-")
    with os.fdopen(handle, "w") as file:
        file.write(text)
    os.chmod(name, 0o600)
    return Path(name)


def renew_secret_key(instance_path: str | Path) -> str:
    """Make a new random key for this start of the portal; older sessions stop opening."""
    folder = Path(instance_path)
    folder.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    os.replace(_write_private(folder, key), folder / SECRET_KEY_FILE)
    return key


def secret_key(instance_path: str | Path) -> str:
    """The key of this start of the portal, made now if no launcher made one."""
    folder = Path(instance_path)
    target = folder / SECRET_KEY_FILE
    if not target.exists():
        folder.mkdir(parents=True, exist_ok=True)
        written = _write_private(folder, secrets.token_urlsafe(48))
        try:
            # Fails if another worker got there first: then its key is the one.
            os.link(written, target)
        except FileExistsError:
            pass
        finally:
            written.unlink()
    key = target.read_text().strip()
    if len(key) < 32:
        raise RuntimeError(f"{target} holds no usable secret key; delete it to make a new one.")
    return key
