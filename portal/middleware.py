from django.utils.functional import SimpleLazyObject

from portal.scope import Scope


class ScopeMiddleware:
    """Puts the user's organisation and role on `request.scope`, resolved once, lazily."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.scope = SimpleLazyObject(lambda: Scope.for_user(request.user))
        return self.get_response(request)
