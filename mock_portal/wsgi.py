"""The portal for a WSGI server: ``gunicorn mock_portal.wsgi:app``.

Every setting comes from the environment (``MOCK_PORTAL_DATABASE_URL``,
``MOCK_PORTAL_PUBLIC_URL``, ``MOCK_PORTAL_INSTANCE``...); ``python -m
mock_portal.classroom`` sets them and starts gunicorn.
"""

from . import create_app

app = create_app()
