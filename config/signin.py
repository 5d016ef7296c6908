"""Sign-in and password reset with limits: failed sign-ins per account and per address, resets per hour.

Used by both sign-in pages (the web app's /accounts/login/ and the admin's /admin/login/) and by
the password reset page, which says plainly that reset is off when no email is configured.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from config import email
from config.throttle import AttemptLimit, client_address, minutes

LOCKED_OUT = "locked_out"
TOO_MANY_REQUESTS = 429


def _account_limit() -> AttemptLimit:
    return AttemptLimit("sign-in-account", settings.SIGN_IN_FAILURES_PER_ACCOUNT, settings.SIGN_IN_LOCKOUT_MINUTES * 60)


def _address_limit() -> AttemptLimit:
    return AttemptLimit("sign-in-address", settings.SIGN_IN_FAILURES_PER_ADDRESS, settings.SIGN_IN_LOCKOUT_MINUTES * 60)


def _account(username: str) -> str:
    return username.strip().casefold()


def sign_in_refusal(request: HttpRequest, username: str) -> str | None:
    """Why a sign-in is refused before the password is even checked, or None when it may go ahead."""
    wait = _account_limit().retry_after(_account(username))
    if wait is not None:
        return f"Too many failed sign-ins for this account; try again in {minutes(wait)}."
    wait = _address_limit().retry_after(client_address(request))
    if wait is not None:
        return f"Too many failed sign-ins from your network address; try again in {minutes(wait)}."
    return None


class LimitedSignInMixin:
    """Refuses a locked-out account or address (even with the right password) and counts failures."""

    request: HttpRequest | None
    cleaned_data: dict

    def clean(self):
        username = self.cleaned_data.get("username")
        if username is None or not self.cleaned_data.get("password") or self.request is None:
            return super().clean()
        refusal = sign_in_refusal(self.request, username)
        if refusal is not None:
            raise ValidationError(refusal, code=LOCKED_OUT)
        try:
            cleaned = super().clean()
        except ValidationError:
            _account_limit().record(_account(username))
            _address_limit().record(client_address(self.request))
            raise
        _account_limit().clear(_account(username))  # the owner got in: earlier typos no longer count
        return cleaned

    @property
    def is_locked_out(self) -> bool:
        return any(error.code == LOCKED_OUT for error in self.errors.as_data().get("__all__", []))


class SignInForm(LimitedSignInMixin, AuthenticationForm):
    """The web app's sign-in form."""


class AdminSignInForm(LimitedSignInMixin, AdminAuthenticationForm):
    """The admin's sign-in form (staff only, as Django's)."""


def _with_lockout_status(response: HttpResponse) -> HttpResponse:
    form = (getattr(response, "context_data", None) or {}).get("form")
    if isinstance(form, LimitedSignInMixin) and form.is_bound and form.is_locked_out:
        response.status_code = TOO_MANY_REQUESTS
    return response


class SignInView(auth_views.LoginView):
    """/accounts/login/: answers 429 with the lock-out message while an account or address is locked."""

    authentication_form = SignInForm

    def form_invalid(self, form):
        return _with_lockout_status(super().form_invalid(form))


def admin_sign_in(request: HttpRequest) -> HttpResponse:
    """/admin/login/: Django's admin sign-in with AdminSignInForm (admin.site.login_form), 429 when locked."""
    return _with_lockout_status(admin.site.login(request))


def email_is_configured() -> bool:
    """Whether this server can send email (EMAIL_URL or EMAIL_HOST set; see config/email.py)."""
    return settings.EMAIL_BACKEND != email.OFF


def _reset_limits(request: HttpRequest, email: str) -> list[tuple[AttemptLimit, str]]:
    window = settings.PASSWORD_RESET_WINDOW_MINUTES * 60
    return [
        (AttemptLimit("password-reset-address", settings.PASSWORD_RESETS_PER_ADDRESS, window), client_address(request)),
        (AttemptLimit("password-reset-email", settings.PASSWORD_RESETS_PER_EMAIL, window), email.strip().casefold()),
    ]


class LimitedPasswordResetView(auth_views.PasswordResetView):
    """Password reset by email: off (and saying so) without email, a few requests per hour otherwise."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, reset_is_off=not email_is_configured())

    def post(self, request, *args, **kwargs):
        if not email_is_configured():
            return self.get(request, *args, **kwargs)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        limits = _reset_limits(self.request, form.cleaned_data["email"])
        waits = [wait for limit, ident in limits if (wait := limit.retry_after(ident)) is not None]
        if waits:
            form.add_error(None, f"Too many password reset requests; try again in {minutes(max(waits))}.")
            response = self.form_invalid(form)
            response.status_code = TOO_MANY_REQUESTS
            return response
        for limit, ident in limits:
            limit.record(ident)
        return super().form_valid(form)


class ResetSentView(auth_views.PasswordResetDoneView):
    """The page after a reset request; says reset is off when no email is configured."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, reset_is_off=not email_is_configured())
