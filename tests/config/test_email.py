"""Outgoing email from the environment: EMAIL_URL or EMAIL_HOST..., and off (the dummy backend) without them."""

from __future__ import annotations

import pytest

from config.email import OFF, SMTP, EmailConfigError, email_settings


def test_without_email_variables_email_is_off():
    assert email_settings({})["EMAIL_BACKEND"] == OFF


def test_a_submission_url_gives_starttls_on_587_with_the_password_decoded():
    config = email_settings(
        {
            "EMAIL_URL": "submission://desk%40veloria.example:p%40ss%2Fw0rd@mail.veloria.example",
            "DEFAULT_FROM_EMAIL": "desk@veloria.example",
        }
    )
    assert config["EMAIL_BACKEND"] == SMTP
    assert (config["EMAIL_HOST"], config["EMAIL_PORT"]) == ("mail.veloria.example", 587)
    assert (config["EMAIL_HOST_USER"], config["EMAIL_HOST_PASSWORD"]) == ("desk@veloria.example", "p@ss/w0rd")
    assert config["EMAIL_USE_TLS"] and not config["EMAIL_USE_SSL"]
    assert config["DEFAULT_FROM_EMAIL"] == config["SERVER_EMAIL"] == "desk@veloria.example"


@pytest.mark.parametrize(
    ("url", "port", "tls", "ssl"),
    [
        ("smtps://u:p@mail.veloria.example", 465, False, True),
        ("smtp://mail.veloria.example", 25, False, False),
        ("smtp://mail.veloria.example:2525?tls=1", 2525, True, False),
    ],
)
def test_url_schemes_choose_port_and_encryption(url, port, tls, ssl):
    config = email_settings({"EMAIL_URL": url})
    assert (config["EMAIL_PORT"], config["EMAIL_USE_TLS"], config["EMAIL_USE_SSL"]) == (port, tls, ssl)


def test_email_host_variables_default_to_starttls_on_587():
    config = email_settings(
        {"EMAIL_HOST": "mail.veloria.example", "EMAIL_HOST_USER": "desk", "EMAIL_HOST_PASSWORD": "pw"}
    )
    assert (config["EMAIL_HOST"], config["EMAIL_PORT"], config["EMAIL_USE_TLS"]) == ("mail.veloria.example", 587, True)
    assert email_settings({"EMAIL_HOST": "m.example", "EMAIL_USE_SSL": "1"})["EMAIL_PORT"] == 465


def test_a_console_url_prints_mail_for_a_developer():
    assert email_settings({"EMAIL_URL": "console://"})["EMAIL_BACKEND"].endswith("console.EmailBackend")


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"EMAIL_URL": "imap://mail.veloria.example"}, "EMAIL_URL must start with smtp://"),
        ({"EMAIL_URL": "smtp://"}, "names no host"),
        ({"EMAIL_URL": "smtp://mail.veloria.example:port"}, "bad port"),
        ({"EMAIL_HOST": "m.example", "EMAIL_PORT": "twenty"}, "EMAIL_PORT must be a number"),
        ({"EMAIL_HOST": "m.example", "EMAIL_USE_TLS": "maybe"}, "EMAIL_USE_TLS must be 1 or 0"),
        ({"EMAIL_HOST": "m.example", "EMAIL_USE_TLS": "1", "EMAIL_USE_SSL": "1"}, "cannot both be on"),
    ],
)
def test_bad_email_variables_are_refused_with_what_to_fix(environ, message):
    with pytest.raises(EmailConfigError, match=message):
        email_settings(environ)
