"""The mailbox at /mailbox: every mail the portal sent, readable and clickable."""

from .html_page import page


def _rows(response):
    table = page(response).find("tbody")
    return [[cell.text for cell in row.find_all("td")] for row in table.find_all("tr")]


def test_empty_mailbox_says_so(client):
    assert "No mail." in page(client.get("/mailbox/")).text


def test_mailbox_lists_recipient_subject_and_time(portal, client):
    portal.register()
    [[recipient, subject, sent]] = _rows(client.get("/mailbox/"))
    assert (recipient, subject) == ("marie.dupont@example.com", "EU Login: set your password")
    moment = page(client.get("/mailbox/")).find("time")
    assert moment.attrs["datetime"].startswith(sent.replace(" ", "T"))
    assert moment.attrs["datetime"].endswith("Z")


def test_mailbox_lists_the_newest_mail_first(portal, client):
    portal.register(email="first@example.com")
    portal.register(email="second@example.com")
    assert [row[0] for row in _rows(client.get("/mailbox/"))] == [
        "second@example.com",
        "first@example.com",
    ]


def test_mailbox_filters_by_recipient_whatever_its_case(portal, client):
    portal.register(email="first@example.com")
    portal.register(email="second@example.com")
    response = client.get("/mailbox/", query_string={"to": "Second@Example.com"})
    assert [row[0] for row in _rows(response)] == ["second@example.com"]
    assert page(response).value("to") == "Second@Example.com"


def test_mail_page_shows_sender_recipient_and_clickable_link(portal, client):
    portal.register()
    [mail] = portal.mails()
    shown = page(client.get(f"/mailbox/{mail['id']}"))
    assert shown.heading == "EU Login: set your password"
    assert "automated-notifications@nomail.ec.europa.eu" in shown.text
    links = shown.find(class_="mail-body").find_all("a")
    assert [a.attrs["href"] for a in links] == mail["links"]
    assert [a.text for a in links] == mail["links"]


def test_link_clicked_in_the_mailbox_opens_the_password_form(portal, client):
    portal.register()
    [mail] = portal.mails()
    [anchor] = [
        a
        for a in page(client.get(f"/mailbox/{mail['id']}")).find_all("a")
        if "token=" in a.attrs["href"]
    ]
    assert page(client.get(anchor.attrs["href"])).heading == "New password"


def test_mailbox_subject_links_to_the_mail(portal, client):
    portal.register()
    [mail] = portal.mails()
    assert page(client.get("/mailbox/")).link(mail["subject"]) == f"/mailbox/{mail['id']}"


def test_unknown_mail_is_a_404_page(client):
    response = client.get("/mailbox/999999")
    assert response.status_code == 404
    assert page(response).alerts() == ["This page does not exist."]
