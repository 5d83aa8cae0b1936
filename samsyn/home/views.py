"""The start of the installation and of a förbund: where a person lands after signing in."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from samsyn.associations import years
from samsyn.associations.access import Access, association_view
from samsyn.home import dashboard
from samsyn.interventions.models import PlanYear


@login_required
def home(request: HttpRequest) -> HttpResponse:
    memberships = list(request.user.memberships.select_related("association"))  # type: ignore[union-attr]
    if len(memberships) == 1:
        return redirect("association_home", memberships[0].association.slug)
    return render(request, "associations/home.html", {"memberships": memberships})


@association_view()
def association_home(request: HttpRequest, access: Access) -> HttpResponse:
    a = access.association
    year = years.chosen_year(request, a)
    return render(request, "web/dashboard.html", {
        "access": access, "association": a,
        "board": dashboard.build(access, year, years.years_with_data(a), timezone.localdate()),
        "interventions": access.interventions().select_related("run_by").order_by("name"),
        "plans": PlanYear.objects.filter(association=a),
    })
