"""The EU Login Mobile App, played in a browser: a page drawn like a phone screen.

A trainee opens it in a second tab or window, a scenario in a second page of its browser
context. Each browser is one installation of the app (a cookie), which holds one EU Login
account: it is initialised by scanning the QR code of «Add a mobile device» and typing the
PIN code, then answers sign-in requests with the PIN and scans sign-in QR codes to show a
one-time password. Scanning reads a picture (an upload, as a phone's camera gives it) or
the QR code's text pasted.
"""

from flask import Blueprint

bp = Blueprint("mobile_app", __name__, url_prefix="/mobile-app")

from . import views  # noqa: E402, F401  (routes attach to bp)
