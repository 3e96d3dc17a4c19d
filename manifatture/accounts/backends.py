from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Log in with e-mail and password; only addresses that were verified."""

    def authenticate(self, request, username=None, password=None, email=None, **kwargs):
        from .services import check_password_login  # services import the models: not at load

        email = (email or username or "").strip().lower()
        if not email or password is None:
            return None
        return check_password_login(email=email, password=password).user

    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and user.email_verified_at is not None
