from django.http import Http404
from django.views.decorators.http import require_GET
from django_prometheus.exports import ExportToDjangoView


@require_GET
def metrics(request):
    """Prometheus' scrape target, for scrapers inside the cluster only.

    They reach the app directly; a request that came through the load balancer
    or Ingress carries the X-Forwarded-For it added, and is told nothing is here.
    A plain Django view: no authentication and no throttling apply.
    """
    if "X-Forwarded-For" in request.headers:
        raise Http404
    return ExportToDjangoView(request)
