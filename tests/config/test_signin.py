"""Sign-in limits on both sign-in pages, and password reset: limited, and off (saying so) without email."""

from __future__ import annotations

import types

import pytest
from django.core import mail
from django.core.cache import cache

import config.throttle

PASSWORD = "correct-horse-battery-9"
SIGN_IN_PAGES = ["/accounts/login/", "/admin/login/"]
EMAIL_ON = "django.core.mail.backends.locmem.EmailBackend"
EMAIL_OFF = "django.core.mail.backends.dummy.EmailBackend"


@pytest.fixture(autouse=True)
def _limits(settings):
    """Empty counters, and limits small enough to reach in a test."""
    cache.clear()
    settings.SIGN_IN_FAILURES_PER_ACCOUNT = 3
    settings.SIGN_IN_FAILURES_PER_ADDRESS = 6
    settings.SIGN_IN_LOCKOUT_MINUTES = 15
    settings.PASSWORD_RESETS_PER_ADDRESS = 4
    settings.PASSWORD_RESETS_PER_EMAIL = 2
    settings.PASSWORD_RESET_WINDOW_MINUTES = 60
    yield
    cache.clear()


@pytest.fixture
def staff(django_user_model):
    def build(username: str):
        return django_user_model.objects.create_user(
            username=username, password=PASSWORD, email=f"{username}@veloria.example", is_staff=True
        )

    return build


def sign_in(client, page: str, username: str, password: str, address: str = "127.0.0.1"):
    return client.post(page, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
@pytest.mark.parametrize("page", SIGN_IN_PAGES)
def test_an_account_is_locked_after_its_failures_and_the_right_password_is_refused_while_locked(client, staff, page):
    staff("amira")
    for _ in range(3):
        assert sign_in(client, page, "amira", "guess").status_code == 200
    response = sign_in(client, page, "amira", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed sign-ins for this account; try again in 15 minutes." in response.content.decode()
    assert not signed_in(client)
    # Another account at the same address is not locked by amira's failures.
    staff("bastian")
    assert sign_in(client, page, "bastian", PASSWORD).status_code == 302
    assert signed_in(client)


@pytest.mark.django_db
def test_failures_on_one_page_count_on_the_other(client, staff):
    staff("celia")
    for _ in range(3):
        sign_in(client, "/admin/login/", "celia", "guess")
    response = sign_in(client, "/accounts/login/", "Celia", PASSWORD)  # the account, whatever the case
    assert response.status_code == 429
    assert not signed_in(client)


@pytest.mark.django_db
@pytest.mark.parametrize("page", SIGN_IN_PAGES)
def test_an_address_is_locked_after_failures_on_many_accounts(client, staff, page):
    staff("dorian")
    for n in range(6):  # six names, two tries each: no account reaches its own limit
        sign_in(client, page, f"name{n // 2}", "guess", address="203.0.113.7")
    response = sign_in(client, page, "dorian", PASSWORD, address="203.0.113.7")
    assert response.status_code == 429
    assert "Too many failed sign-ins from your network address; try again in 15 minutes." in response.content.decode()
    assert not signed_in(client)
    assert sign_in(client, page, "dorian", PASSWORD, address="198.51.100.4").status_code == 302


@pytest.mark.django_db
def test_a_forged_forwarded_for_header_does_not_escape_the_address_limit(client, staff, settings):
    staff("elke")
    for n in range(6):
        client.post(
            "/accounts/login/",
            {"username": f"name{n}", "password": "guess"},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"10.9.9.{n}",
        )
    answer = client.post(
        "/accounts/login/",
        {"username": "elke", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.7",
        HTTP_X_FORWARDED_FOR="10.9.9.99",
    )
    assert answer.status_code == 429  # no trusted proxy: the header is not believed

    # Behind one trusted proxy, the address it appended is the client's, and the proxy is not.
    settings.TRUSTED_PROXY_COUNT = 1
    answer = client.post(
        "/accounts/login/",
        {"username": "elke", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.7",
        HTTP_X_FORWARDED_FOR="10.9.9.99, 192.0.2.10",
    )
    assert answer.status_code == 302


@pytest.mark.django_db
def test_the_lock_ends_when_the_failures_are_older_than_the_window(client, staff, monkeypatch):
    staff("farid")
    for _ in range(3):
        sign_in(client, "/accounts/login/", "farid", "guess")
    assert sign_in(client, "/accounts/login/", "farid", PASSWORD).status_code == 429
    later = config.throttle.time.time() + 15 * 60 + 1
    monkeypatch.setattr(config.throttle, "time", types.SimpleNamespace(time=lambda: later))
    assert sign_in(client, "/accounts/login/", "farid", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_a_successful_sign_in_forgets_the_accounts_earlier_failures(client, staff):
    staff("greta")
    for _ in range(2):
        sign_in(client, "/accounts/login/", "greta", "typo")
    assert sign_in(client, "/accounts/login/", "greta", PASSWORD).status_code == 302
    client.logout()
    for _ in range(2):
        sign_in(client, "/accounts/login/", "greta", "typo")
    assert sign_in(client, "/accounts/login/", "greta", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_a_wrong_password_still_gets_the_plain_message(client, staff):
    staff("hugo")
    body = sign_in(client, "/accounts/login/", "hugo", "guess").content.decode()
    assert "Your user name and password did not match" in body
    assert "Too many" not in body


# --- password reset -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_without_email_the_reset_page_says_reset_is_off_and_sends_nothing(client, staff, settings):
    settings.EMAIL_BACKEND = EMAIL_OFF
    staff("ines")
    page = client.get("/accounts/password_reset/").content.decode()
    assert "Password reset is off on this server" in page and "Ask an admin" in page
    assert 'name="email"' not in page

    response = client.post("/accounts/password_reset/", {"email": "ines@veloria.example"})
    assert response.status_code == 200  # no redirect to a "sent" page
    assert "Password reset is off on this server" in response.content.decode()
    assert mail.outbox == []
    assert "Password reset is off" in client.get("/accounts/password_reset/done/").content.decode()


@pytest.mark.django_db
def test_with_email_the_reset_link_is_sent(client, staff, settings):
    settings.EMAIL_BACKEND = EMAIL_ON
    staff("jonas")
    assert 'name="email"' in client.get("/accounts/password_reset/").content.decode()
    response = client.post("/accounts/password_reset/", {"email": "jonas@veloria.example"})
    assert response.status_code == 302 and response["Location"] == "/accounts/password_reset/done/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["jonas@veloria.example"]
    assert "/accounts/reset/" in mail.outbox[0].body
    assert "a link to set a new password is on its way" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_password_reset_requests_are_limited_per_email_and_per_address(client, staff, settings):
    settings.EMAIL_BACKEND = EMAIL_ON
    staff("kira")
    for _ in range(2):
        assert client.post("/accounts/password_reset/", {"email": "kira@veloria.example"}).status_code == 302
    response = client.post("/accounts/password_reset/", {"email": "KIRA@veloria.example"})
    assert response.status_code == 429
    assert "Too many password reset requests; try again in 60 minutes." in response.content.decode()
    assert len(mail.outbox) == 2

    # Per address: two more other addresses reach the limit of four from 127.0.0.1.
    for name in ("nobody1", "nobody2"):
        assert client.post("/accounts/password_reset/", {"email": f"{name}@veloria.example"}).status_code == 302
    assert client.post("/accounts/password_reset/", {"email": "nobody3@veloria.example"}).status_code == 429
    other = client.post("/accounts/password_reset/", {"email": "nobody3@veloria.example"}, REMOTE_ADDR="192.0.2.44")
    assert other.status_code == 302
