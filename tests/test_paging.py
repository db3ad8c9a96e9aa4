"""Lists that grow with use, a page at a time: the authority's authorisation requests and
activities to validate, the mailbox, the operator search. The database pages them; filters
let a scenario find its own rows on a busy shared portal; a page past the end shows the last."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import text

from mock_portal import clock
from mock_portal.extensions import db
from mock_portal.mailbox import send_mail
from mock_portal.traces.models import Operator, OperatorActivity, Role, TracesUser

from .html_page import Page
from .support import statements_sent, statements_with_parameters
from .traces.people import Portal

PAGE_SIZE = 5
TRAINEES = 12
ABIAN = "ABIAN BALI EU SPRL"


def _trainee(number: int) -> str:
    return f"trainee{number:02d}@example.com"


def _fill(app) -> None:
    """Twelve trainees who asked for ABIAN, a minute apart (the twelfth last; the fourth is
    called Élise), one who asked for a French operator, and seven new activities of
    Argentinian operators."""
    with app.app_context():
        now = clock.now()
        operators = {
            name: db.session.scalar(
                db.select(Operator).where(
                    Operator.name == name, Operator.environment == "production"
                )
            )
            for name in (ABIAN, "PAT")
        }
        french = db.session.scalar(
            db.select(Operator).where(
                Operator.country == "FR", Operator.environment == "production"
            )
        )
        argentinian = db.session.scalars(
            db.select(Operator)
            .where(Operator.country == "AR", Operator.environment == "production")
            .order_by(Operator.id)
        ).all()
        for number in range(1, TRAINEES + 2):
            user = TracesUser(
                environment="production",
                uid=f"n00tr{number:04d}",
                email=_trainee(number),
                first_name="Élise" if number == 4 else "Trainee",
                last_name=f"{number:02d}",
                first_seen_at=now,
            )
            target = operators[ABIAN] if number <= TRAINEES else french
            db.session.add(
                Role(
                    environment="production",
                    user=user,
                    kind="operator",
                    operator=target,
                    requested_at=now + timedelta(minutes=number),
                )
            )
        section_free = [
            o for o in argentinian if not any(a.section_code == "RFL" for a in o.activities)
        ]
        for minutes, operator in enumerate(section_free[:7]):
            db.session.add(
                OperatorActivity(
                    operator=operator,
                    section_code="RFL",
                    activity_code="responsible",
                    status="new",
                    created_at=now + timedelta(minutes=minutes),
                )
            )
        db.session.commit()


@pytest.fixture
def busy(make_app):
    """A portal holding more requests and activities than a page shows."""
    app = make_app(WTF_CSRF_ENABLED=False, PAGE_SIZE=PAGE_SIZE, MAILBOX_PAGE_SIZE=3)
    _fill(app)
    return Portal(app)


@pytest.fixture
def belgian(busy):
    return busy.authority("BE")


def _requests(page: Page) -> list[str]:
    """The users' addresses, row by row."""
    return [row[0].split()[-1] for row in page.rows("requests")]


def _query(address: str) -> dict[str, str]:
    """The query of an address, parameter by parameter."""
    return {name: values[0] for name, values in parse_qs(urlsplit(address).query).items()}


def _pager(page: Page) -> dict[str, str]:
    """The pager's links by name, and where it stands."""
    nav = page.find("nav", class_="pager")
    links = {a.text: a.attrs["href"] for a in nav.find_all("a")}
    return links | {"current": nav.find("span", aria_current="page").text}


def test_the_requests_come_a_page_at_a_time_newest_first(belgian):
    first = belgian.page("/role-requests")
    assert _requests(first) == [_trainee(n) for n in (12, 11, 10, 9, 8)]
    assert first.find("p", class_="pager-summary").text == "Affichage de 1 à 5 sur 12"
    assert first.find("nav", class_="pager").attrs["aria-label"] == "Pages"
    pager = _pager(first)
    assert pager["current"] == "Page 1 sur 3"
    assert set(pager) == {"Suivant", "Dernière page", "current"}
    last = belgian.page(pager["Dernière page"].removeprefix(belgian.prefix))
    assert _requests(last) == [_trainee(2), _trainee(1)]
    assert last.find("p", class_="pager-summary").text == "Affichage de 11 à 12 sur 12"
    assert set(_pager(last)) == {"Première page", "Précédent", "current"}


def test_every_request_is_on_exactly_one_page(belgian):
    seen = []
    for number in (1, 2, 3):
        seen += _requests(belgian.page("/role-requests", query_string={"page": number}))
    assert sorted(seen) == [_trainee(n) for n in range(1, TRAINEES + 1)]


def test_the_list_is_paged_by_the_database(busy, belgian):
    statements = statements_sent(
        busy.app, lambda: belgian.page("/role-requests", query_string={"page": 2})
    )
    listing = [
        s
        for s in statements
        if "FROM ROLE JOIN TRACES_USER" in s and not s.startswith("SELECT COUNT")
    ]
    assert listing and all("LIMIT" in s and "OFFSET" in s for s in listing)
    assert any(s.startswith("SELECT COUNT(*)") for s in statements)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("trainee07@example.com", [7]),
        ("TRAINEE07", [7]),
        ("Trainee 03", [3]),
        ("BE0479168518", [12, 11, 10, 9, 8]),
        # Case is folded beyond ASCII on SQLite too, as on PostgreSQL.
        ("élise", [4]),
        ("ÉLISE 04", [4]),
        # As wildcards, "%" and "_" would find every request; typed, they find none.
        ("%", []),
        ("_", []),
        ("trainee_7", []),
    ],
)
def test_the_search_finds_a_user_or_an_organisation(belgian, text, expected):
    found = belgian.page("/role-requests", query_string={"q": text})
    if expected:
        assert _requests(found) == [_trainee(n) for n in expected]
    else:
        assert "Aucune demande ici." in found.text
    assert found.value("q") == text


def test_the_search_sees_only_the_authoritys_country(belgian):
    found = belgian.page("/role-requests", query_string={"q": _trainee(TRAINEES + 1)})
    assert "Aucune demande ici." in found.text


def test_the_tabs_and_the_pager_keep_the_search(belgian):
    found = belgian.page("/role-requests", query_string={"q": "trainee", "status": "all"})
    tabs = {a.text: a.attrs["href"] for a in found.find("nav", class_="tabs").find_all("a")}
    assert _query(tabs["Valide"]) == {"q": "trainee", "status": "valid"}
    assert _query(_pager(found)["Suivant"]) == {"status": "all", "q": "trainee", "page": "2"}
    search = found.find("form", role="search")
    assert search.find("input", type="hidden", name="status").attrs["value"] == "all"
    assert found.label("q") == "Utilisateur (nom, adresse électronique) ou organisation"


def test_a_decision_goes_back_to_the_page_and_search_it_was_taken_from(busy, belgian):
    listing = belgian.page("/role-requests", query_string={"q": "trainee", "page": 2})
    decision = next(
        f for f in listing.find_all("form") if "/validate?" in f.attrs.get("action", "")
    )
    answer = belgian.client.post(decision.attrs["action"])
    assert answer.status_code == 302
    assert urlsplit(answer.headers["Location"]).path == f"{belgian.prefix}/role-requests"
    assert _query(answer.headers["Location"]) == {
        "status": "requested",
        "q": "trainee",
        "page": "2",
    }


def test_a_decision_from_a_page_that_is_no_page_comes_back_to_the_first(busy, belgian):
    listing = belgian.page("/role-requests", query_string={"q": "trainee"})
    decision = next(
        f for f in listing.find_all("form") if "/validate?" in f.attrs.get("action", "")
    )
    typed = {"status": "requested", "q": "trainee", "page": "500000"}
    answer = belgian.client.post(urlsplit(decision.attrs["action"]).path, query_string=typed)
    assert answer.status_code == 302
    # The list would refuse that page: the decision brings back the first one instead.
    assert _query(answer.headers["Location"]) == {"status": "requested", "q": "trainee"}


@pytest.mark.parametrize("page", ["4", "99", "100000"])
def test_a_page_past_the_end_shows_the_last_page(belgian, page):
    shown = belgian.page("/role-requests", query_string={"page": page})
    assert _requests(shown) == [_trainee(2), _trainee(1)]
    assert _pager(shown)["current"] == "Page 3 sur 3"


def test_a_page_past_the_end_counts_once_and_reads_one_page(busy, belgian):
    statements = statements_sent(
        busy.app, lambda: belgian.page("/role-requests", query_string={"page": 99})
    )
    listing = [s for s in statements if "FROM ROLE JOIN TRACES_USER" in s]
    assert sum(s.startswith("SELECT COUNT") for s in listing) == 1
    assert sum(not s.startswith("SELECT COUNT") for s in listing) == 1


@pytest.mark.parametrize("page", ["0", "-2", "two", "1e2", "99999999999"])
def test_a_page_number_that_is_no_page_is_refused_with_a_reason(belgian, page):
    response = belgian.get("/role-requests", query_string={"page": page})
    assert response.status_code == 400
    assert Page(response).alerts() == [
        "Le numéro de page doit être un nombre entier de 1 à 100000."
    ]


def test_an_empty_search_shows_no_pager(belgian):
    found = belgian.page("/role-requests", query_string={"q": "nobody at all", "page": 3})
    assert found.find_all("nav", class_="pager") == []
    assert found.find_all("p", class_="pager-summary") == []


def test_a_list_of_one_page_shows_no_pager(belgian):
    found = belgian.page("/role-requests", query_string={"q": "trainee05"})
    assert len(found.rows("requests")) == 1
    assert found.find_all("nav", class_="pager") == []
    assert found.find_all("p", class_="pager-summary") == []


def test_the_activities_come_a_page_at_a_time_and_by_operator(busy):
    argentinian = busy.authority("AR")
    first = argentinian.page("/activities")
    waiting = 7
    assert len(first.rows("activities")) == PAGE_SIZE
    assert first.find("p", class_="pager-summary").text == f"Affichage de 1 à 5 sur {waiting}"
    second = argentinian.page(_pager(first)["Suivant"].removeprefix(argentinian.prefix))
    assert len(second.rows("activities")) == waiting - PAGE_SIZE
    one = first.rows("activities")[0][0].removesuffix(" Argentine (AR)")
    found = argentinian.page("/activities", query_string={"q": one.upper()})
    assert [row[0] for row in found.rows("activities")] == [f"{one} Argentine (AR)"]
    assert found.label("q") == "Opérateur (nom ou numéro EORI)"
    past = argentinian.page("/activities", query_string={"page": 7})
    assert _pager(past)["current"] == "Page 2 sur 2"


def test_the_mailbox_pager_keeps_the_recipient(busy):
    with busy.app.app_context():
        for number in range(7):
            send_mail("zoe@example.com", f"Mail {number}", "Hello")
        send_mail("other@example.com", "Elsewhere", "Hello")
    client = busy.app.test_client()
    first = Page(client.get("/mailbox/", query_string={"to": "zoe@example.com"}))
    assert [row[1] for row in first.rows("mails")] == ["Mail 6", "Mail 5", "Mail 4"]
    assert first.find("p", class_="pager-summary").text == "Showing 1 to 3 of 7"
    pager = _pager(first)
    assert set(pager) == {"Older mail", "Oldest mail", "current"}
    assert _query(pager["Older mail"]) == {"to": "zoe@example.com", "page": "2"}
    assert _query(pager["Oldest mail"]) == {"to": "zoe@example.com", "page": "3"}
    last = Page(client.get(pager["Oldest mail"]))
    assert [row[1] for row in last.rows("mails")] == ["Mail 0"]
    assert _query(_pager(last)["Newest mail"]) == {"to": "zoe@example.com"}


@pytest.mark.parametrize("text", ["%", "_", "a%", "_a"])
def test_the_operator_and_organisation_searches_take_wildcards_as_typed(busy, text):
    marie = busy.user("marie.dupont@example.com")
    assert Page(marie.search(country="FR", q=text)).result_line() == "0 opérateur trouvé"
    authorities = Page(marie.get("/roles/new/authority", query_string={"country": "FR", "q": text}))
    assert authorities.result_line() == "0 organisation trouvée"


def test_the_operator_search_has_first_and_last_pages_and_keeps_its_filters(busy):
    marie = busy.user("marie.dupont@example.com")
    first = Page(marie.search(country="FR", q="a"))
    pager = _pager(first)
    pages = int(pager["current"].rsplit(" ", 1)[-1])
    assert urlsplit(pager["Dernière page"]).path == f"{marie.prefix}/roles/new/operator"
    assert _query(pager["Dernière page"]) == {"country": "FR", "q": "a", "page": str(pages)}
    past = Page(marie.search(country="FR", q="a", page=pages + 5))
    assert _pager(past)["current"] == f"Page {pages} sur {pages}"
    assert past.rows("operators")


def test_the_operator_search_reads_a_pages_activities_in_one_statement(busy):
    marie = busy.user("marie.dupont@example.com")
    page = {}
    statements = statements_sent(
        busy.app, lambda: page.update(found=Page(marie.search(country="AR")))
    )
    shown = page["found"].rows("operators")
    assert len(shown) == PAGE_SIZE
    # Each row shows its operator's sections, read with the page rather than a row at a time.
    assert all(row[-2] for row in shown), shown
    assert sum("FROM OPERATOR_ACTIVITY" in s for s in statements) == 1


@pytest.mark.parametrize(
    "text", ["<script>alert(1)</script>", "\\", "'; DROP TABLE role; --", "é" * 500, "\u202e\t"]
)
def test_any_search_text_answers_a_page_and_comes_back_escaped(belgian, text):
    response = belgian.get("/role-requests", query_string={"q": text, "status": "all"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.get_data(as_text=True)
    assert Page(response).value("q") == text.strip()[:100]


@pytest.mark.postgresql_only
def test_a_reviewers_page_is_read_from_an_index_not_sorted_whole(busy, belgian):
    # A year of CI leaves thousands of requests: the page must not sort them all each time.
    with busy.app.app_context():
        abian = db.session.scalar(
            db.select(Operator).where(Operator.name == ABIAN, Operator.environment == "production")
        )
        now = clock.now()
        users = db.session.scalars(
            db.insert(TracesUser).returning(TracesUser.id),
            [
                {
                    "environment": "production",
                    "uid": f"n00ix{number:04d}",
                    "email": f"ci{number:04d}@example.com",
                    "first_name": "Ci",
                    "last_name": f"{number:04d}",
                    "first_seen_at": now,
                }
                for number in range(3000)
            ],
        ).all()
        db.session.execute(
            db.insert(Role),
            [
                {
                    "environment": "production",
                    "user_id": user_id,
                    "kind": "operator",
                    "operator_id": abian.id,
                    "requested_at": now - timedelta(minutes=number),
                }
                for number, user_id in enumerate(users)
            ],
        )
        db.session.commit()
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    with busy.app.app_context():
        engine = db.engine
    for tab in ("requested", "all"):
        sent = statements_with_parameters(
            busy.app, lambda tab=tab: belgian.page("/role-requests", query_string={"status": tab})
        )
        [(page, parameters)] = [
            (s, p) for s, p in sent if "FROM role JOIN traces_user" in s and "LIMIT" in s
        ]
        with engine.connect() as connection:
            plan = "\n".join(
                row[0] for row in connection.exec_driver_sql(f"EXPLAIN {page}", parameters)
            )
        assert "Index Scan Backward using ix_role_review" in plan, plan
        assert "Sort" not in plan, plan


def test_the_users_of_an_operator_come_a_page_at_a_time(busy, belgian):
    # Every CI run that asks for ABIAN links one more user to it.
    path = f"/operators/{busy.operator_id(ABIAN)}"
    shown = {}
    sent = statements_sent(busy.app, lambda: shown.update(first=belgian.page(path)))
    first = shown["first"]
    assert len(first.rows("users")) == PAGE_SIZE
    summary = first.find("p", class_="pager-summary").text
    assert summary.startswith(f"Affichage de 1 à {PAGE_SIZE} sur ")
    total = int(summary.rsplit(" ", 1)[-1])
    pager = _pager(first)
    assert urlsplit(pager["Dernière page"]).path == f"{belgian.prefix}{path}"
    seen = []
    for number in range(1, int(pager["current"].rsplit(" ", 1)[-1]) + 1):
        page = belgian.page(path, query_string={"page": number})
        seen += [row[1] for row in page.rows("users")]
    assert len(seen) == len(set(seen)) == total
    assert {_trainee(n) for n in range(1, TRAINEES + 1)} <= set(seen)
    # Each row's user comes with the page, not a query a row.
    assert (
        sum(s.startswith("SELECT TRACES_USER.ID") and "WHERE TRACES_USER.ID =" in s for s in sent)
        <= 1
    )
