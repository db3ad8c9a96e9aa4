"""Flask extensions, created once and bound to the app in the factory."""

from flask_babel import Babel
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base shared by every model of the portal."""


db = SQLAlchemy(model_class=Base)
babel = Babel()
csrf = CSRFProtect()
