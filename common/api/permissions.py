from django.conf import settings
from rest_framework.permissions import SAFE_METHODS, BasePermission, DjangoModelPermissions

from common.auth.access import can_read


class RecordPermissions(DjangoModelPermissions):
    """Reads follow the register's read rule (view permission, or PUBLIC_READ); writes need the
    model's add/change/delete permission. Anonymous requests get 401, others without the right 403."""

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return can_read(request.user, self._queryset(view).model)
        return super().has_permission(request, view)


class CanReadApiDescription(BasePermission):
    """The OpenAPI schema and its Swagger UI describe endpoints and fields, not records: any
    signed-in user may read them (session or token), anyone when the register is public."""

    def has_permission(self, request, view):
        return settings.PUBLIC_READ or request.user.is_authenticated
