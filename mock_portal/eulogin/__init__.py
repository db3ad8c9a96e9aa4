"""EU Login: self-registration, password links, sign-in and the CAS protocol."""

from flask import Blueprint

bp = Blueprint("eulogin", __name__, url_prefix="/cas")

from . import my_account, registration, signin, validation  # noqa: E402, F401  (routes attach to bp)
