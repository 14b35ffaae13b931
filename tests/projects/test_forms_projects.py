"""The project forms (projects/forms/projects.py): the category follows the chosen domain, and
every field says what it is."""

import re

from django.urls import reverse

from portal.models import Role
from projects.models import Category
from tests.portal.factories import member


def test_each_category_option_names_its_domain_and_follows_the_domain_select(
    client, home, directory
):
    client.force_login(member(home["office"], Role.VIEWER))
    page = client.get(reverse("projects:project-list")).content.decode()
    select = re.search(r'<select name="category"[^>]*>', page)[0]
    assert 'data-follows="id_domain"' in select
    for category in Category.objects.filter(directory=directory):
        assert f'value="{category.pk}" data-domain="{category.domain_id}"' in page


def test_every_field_of_the_project_form_says_what_it_is(client, home, directory):
    client.force_login(member(home["office"], Role.EDITOR))
    response = client.get(reverse("projects:project-create"))
    form = response.context["form"]
    for name in ("code", "name", "level", "domain", "category", "department", "owner"):
        assert form.fields[name].help_text, f"「{form.fields[name].label}」没有说明"
    assert 'data-follows="id_domain"' in response.content.decode()
