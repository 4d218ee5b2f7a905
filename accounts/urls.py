"""The account pages under /account/ (namespace `accounts:`)."""

from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("welcome/<uidb64>/<token>/", views.SetPasswordView.as_view(), name="set-password"),
    path("tokens/", views.token_create, name="token-create"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token-revoke"),
    path("feeds/<int:feed_id>/revoke/", views.feed_revoke, name="feed-revoke"),
]
