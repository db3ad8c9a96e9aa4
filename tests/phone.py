"""The EU Login Mobile App in the Flask tests: the phone page driven by a test client of its
own, as a phone is another browser."""

from urllib.parse import parse_qs, urlsplit

from .html_page import page


def key_of(qr_text: str) -> str:
    """The key an enrolment's ``otpauth://`` QR code carries."""
    [key] = parse_qs(urlsplit(qr_text).query)["secret"]
    return key


class Phone:
    """One installation of the app: the phone page's client, and the key it holds."""

    def __init__(self, app, client=None):
        # ``client``: the PC's own, for a phone page opened in the PC's browser, as the
        # scenarios and the walkthrough open it.
        self.client = client or app.test_client()
        self.key: str | None = None

    def initialise(self, qr_text: str, pin: str, picture: bytes | None = None):
        """«Initialise»: scan the QR code (its text, or a picture of it), then type ``pin``.
        Returns the answer to the PIN."""
        scanned = self.scan("/mobile-app/initialise", qr_text, picture)
        assert scanned.status_code == 302, scanned.get_data(as_text=True)[:2000]
        answer = self.type_pin("/mobile-app/initialise/pin", pin)
        if answer.status_code == 302:
            self.key = key_of(qr_text)
        return answer

    def scan(self, path: str, text: str | None = None, picture: bytes | None = None):
        """Send the scanning form of ``path`` with a picture or the text of a QR code."""
        form = page(self.client.get(path))
        data = {"csrf_token": form.csrf_token(), "text": text or ""}
        if picture is not None:
            from io import BytesIO

            data["picture"] = (BytesIO(picture), "qr-code.png")
        return self.client.post(path, data=data, content_type="multipart/form-data")

    def type_pin(self, path: str, pin: str):
        form = page(self.client.get(path))
        return self.client.post(path, data={"csrf_token": form.csrf_token(), "pin": pin})

    def requests(self) -> list[str]:
        """The sign-in requests the app shows, newest first."""
        return self.client.get("/mobile-app/state").json["requests"]

    def approve(self, pin: str):
        """«Continue» on the newest request, then the PIN code."""
        [newest, *_older] = self.requests()
        return self.type_pin(f"/mobile-app/requests/{newest}", pin)

    def refuse(self):
        """«Refuse» the newest request."""
        [newest, *_older] = self.requests()
        form = page(self.client.get(f"/mobile-app/requests/{newest}"))
        return self.client.post(
            f"/mobile-app/requests/{newest}/refuse", data={"csrf_token": form.csrf_token()}
        )

    def one_time_password(self, qr_text: str) -> str:
        """«Scan QR code» on a sign-in's QR code: the one-time password the app shows."""
        scanned = self.scan("/mobile-app/scan", qr_text)
        assert scanned.status_code == 302, scanned.get_data(as_text=True)[:2000]
        shown = page(self.client.get("/mobile-app/one-time-password"))
        return shown.find(data_testid="one-time-password").text.strip()
