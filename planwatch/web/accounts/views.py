"""Login and logout (Django's views with a throttled form)."""

from django.contrib.auth import views as auth_views

from planwatch.web.accounts.forms import ThrottledLoginForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = ThrottledLoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass
