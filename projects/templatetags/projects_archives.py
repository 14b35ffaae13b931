"""What the checkpoints tab shows of the archive beyond the page's own context: the project's
maintenance responsibility, read through the request's scope."""

from django import template

from projects import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def maintenance_for(context, project):
    """The project's maintenance responsibility (后期管护), None before it is recorded."""
    return selectors.maintenance_get(scope=context["request"].scope, project=project)
