import pytest
from prometheus_client.parser import text_string_to_metric_families

pytestmark = pytest.mark.django_db


def scrape(client):
    """/metrics' samples as {(name, labels): value}."""
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def value(samples, name, **labels):
    return samples.get((name, tuple(sorted(labels.items()))), 0)


def test_metrics_count_requests_by_view_and_status_their_latency_and_queries(client):
    before = scrape(client)

    client.get("/health/")
    client.get("/health/")
    client.get("/api/products/")
    after = scrape(client)

    def moved(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    responses = "django_http_responses_total_by_status_view_method_total"
    assert moved(responses, status="200", view="health", method="GET") == 2
    assert moved(responses, status="401", view="product-list", method="GET") == 1
    latency = "django_http_requests_latency_seconds_by_view_method"
    assert moved(f"{latency}_count", view="health", method="GET") == 2
    assert moved(f"{latency}_sum", view="health", method="GET") > 0
    # One SELECT 1 per health check.
    assert moved("django_db_execute_total", alias="default", vendor="postgresql") >= 2


def test_metrics_are_hidden_from_requests_that_came_through_the_load_balancer(client):
    response = client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.7"})

    assert response.status_code == 404


def test_metrics_refuse_writes(client):
    assert client.post("/metrics").status_code == 405
