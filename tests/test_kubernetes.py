"""The generated Kubernetes manifests (deploy/kubernetes/): valid, locked down, and
consistent with the project's settings, Dockerfile and gunicorn configuration.

No cluster runs here: the kustomization is rendered in-process (kustomize's
resources, namespace, images, replicas and JSON 6902 `replace` patches, which
is all the template uses), each object is validated offline against the Kubernetes API's
schemas (kubernetes-validate ships them), and checkov scans what would be applied.
"""

import copy
import http.client
import itertools
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time

import kubernetes_validate
import pytest
import yaml

from .conftest import (
    PYTHON_VERSIONS,
    REDIS_URL,
    SERVER_DATABASE_URL,
    TEMPLATE_DIR,
    project_venv,
    python_for,
)
from .tools import require_services
from .venvs import tool_venv

KUBERNETES_VERSION = kubernetes_validate.latest_version()
# What tests/test_kubernetes.py's renderer knows of a kustomization.
KUSTOMIZATION_FIELDS = {
    "apiVersion",
    "kind",
    "namespace",
    "resources",
    "images",
    "replicas",
    "patches",
}
POD_TEMPLATE_KINDS = {"Deployment", "Job"}
# The kinds whose spec.replicas kustomize's `replicas` field sets.
REPLICATED_KINDS = {"Deployment", "ReplicationController", "ReplicaSet", "StatefulSet"}
# Keys of .env.example that a deployment does not read: the PostgreSQL server that
# docker compose starts, and local-only switches (production settings force DEBUG
# off and queue tasks in the database).
NOT_DEPLOYED_KEYS = {
    "POSTGRES_DB",
    "POSTGRES_USER",
    "POSTGRES_PASSWORD",
    "DJANGO_DEBUG",
    "DJANGO_TASKS_BACKEND",
}
PRESTOP_SECONDS = 5


def load_documents(path):
    return [document for document in yaml.safe_load_all(path.read_text()) if document]


def json_pointer_parts(path):
    return [part.replace("~1", "/").replace("~0", "~") for part in path.lstrip("/").split("/")]


def apply_json6902(document, operations):
    """RFC 6902's `replace`, the one operation the overlay uses."""
    for operation in operations:
        assert operation["op"] == "replace", f"unsupported patch operation {operation['op']}"
        *parents, last = json_pointer_parts(operation["path"])
        target = document
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        key = int(last) if isinstance(target, list) else last
        # The location must exist: a mistyped path fails here, as with kustomize.
        assert key < len(target) if isinstance(target, list) else key in target, operation
        target[key] = operation["value"]


def pod_specs(document):
    if document["kind"] in POD_TEMPLATE_KINDS:
        yield document["spec"]["template"]["spec"]


def all_pod_specs(objects):
    """The pod template of every Deployment and Job: the web, the worker, the migrations."""
    specs = [spec for document in objects for spec in pod_specs(document)]
    assert len(specs) == 3
    return specs


def all_containers(pod_spec):
    return [*pod_spec.get("initContainers", []), *pod_spec["containers"]]


def kustomize(directory):
    """The objects `kubectl apply -k directory` would send, for the fields the template uses."""
    kustomization = yaml.safe_load((directory / "kustomization.yaml").read_text())
    assert set(kustomization) <= KUSTOMIZATION_FIELDS, set(kustomization) - KUSTOMIZATION_FIELDS
    objects = []
    for resource in kustomization.get("resources", []):
        path = (directory / resource).resolve()
        objects += kustomize(path) if path.is_dir() else load_documents(path)
    objects = copy.deepcopy(objects)
    if "namespace" in kustomization:
        for document in objects:
            if document["kind"] != "Namespace":
                document["metadata"]["namespace"] = kustomization["namespace"]
    for image in kustomization.get("images", []):
        for document in objects:
            for pod_spec in pod_specs(document):
                for container in all_containers(pod_spec):
                    if re.split(r"[:@]", container["image"])[0] == image["name"]:
                        container["image"] = f"{image['newName']}:{image['newTag']}"
    for replicas in kustomization.get("replicas", []):
        matches = [
            o
            for o in objects
            if o["kind"] in REPLICATED_KINDS and o["metadata"]["name"] == replicas["name"]
        ]
        assert len(matches) == 1, replicas
        matches[0]["spec"]["replicas"] = replicas["count"]
    for patch in kustomization.get("patches", []):
        target = patch["target"]
        matches = [
            o
            for o in objects
            if o["kind"] == target["kind"] and o["metadata"]["name"] == target["name"]
        ]
        assert len(matches) == 1, target
        apply_json6902(matches[0], yaml.safe_load(patch["patch"]))
    return objects


def by_kind(objects, kind):
    return [document for document in objects if document["kind"] == kind]


def one(objects, kind, component=None):
    matches = [
        document
        for document in by_kind(objects, kind)
        if component is None
        or document["metadata"]["labels"].get("app.kubernetes.io/component") == component
    ]
    assert len(matches) == 1, (kind, component, matches)
    return matches[0]


def literal_env(container):
    """The container's variables that have a value in the manifest (not from the downward API)."""
    return {v["name"]: v["value"] for v in container.get("env", []) if "value" in v}


def env_example_keys(project):
    """Every key .env.example names, set or commented out."""
    pattern = re.compile(r"^#?\s*([A-Z][A-Z0-9_]*)=", re.MULTILINE)
    return set(pattern.findall((project / ".env.example").read_text()))


@pytest.fixture(scope="module")
def project(cookies_session):
    result = cookies_session.bake()
    assert result.exit_code == 0, result.exception
    return result.project_path


@pytest.fixture(scope="module")
def base(project):
    return kustomize(project / "deploy" / "kubernetes" / "base")


@pytest.fixture(scope="module")
def production(project):
    return kustomize(project / "deploy" / "kubernetes" / "overlays" / "production")


@pytest.mark.parametrize("overlay", ["base", "overlays/production"])
def test_every_object_is_valid_against_the_kubernetes_schemas(project, overlay):
    objects = kustomize(project / "deploy" / "kubernetes" / overlay)

    assert {document["kind"] for document in objects} >= {
        "Namespace",
        "ConfigMap",
        "Deployment",
        "Service",
        "Ingress",
        "HorizontalPodAutoscaler",
        "PodDisruptionBudget",
        "NetworkPolicy",
        "Job",
    }
    for document in objects:
        # Strict: an unknown field is an error, not silently dropped by the API server.
        kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)
        assert re.fullmatch(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?", document["metadata"]["name"])
        if document["kind"] != "Namespace":
            assert document["metadata"]["namespace"] == "my-api"
    leftovers = [
        path.name
        for path in (project / "deploy").rglob("*")
        if path.is_file() and re.search(r"\{\{|\{%|%\}", path.read_text())
    ]
    assert leftovers == []


@pytest.mark.parametrize(
    ("python_version", "use_github_actions"),
    list(itertools.product(PYTHON_VERSIONS, [True, False])),
)
def test_every_option_combination_with_manifests_renders_the_same_objects(
    bake, production, python_version, use_github_actions
):
    """The manifests exist with use_docker and use_kubernetes on; the other options
    leave them unchanged, so the validation and checkov's run over the default
    bake's cover them all (checkov also scans each python_version's Dockerfile)."""
    project = bake(python_version=python_version, use_github_actions=use_github_actions)

    objects = kustomize(project / "deploy" / "kubernetes" / "overlays" / "production")
    assert objects == production


@pytest.mark.parametrize(
    ("field", "value"), [("replicas", "two"), ("replica", 2)], ids=["wrong type", "unknown field"]
)
def test_an_invalid_object_is_refused_by_the_validator(base, field, value):
    deployment = copy.deepcopy(one(base, "Deployment", "web"))
    deployment["spec"][field] = value

    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, KUBERNETES_VERSION, strict=True)


def test_the_production_overlay_sets_the_image_replicas_and_host(production):
    web = one(production, "Deployment", "web")
    ingress = one(production, "Ingress")
    config = one(production, "ConfigMap")

    images = {c["image"] for s in all_pod_specs(production) for c in all_containers(s)}
    assert images == {"registry.example.com/my-api:0.1.0"}
    assert web["spec"]["replicas"] == 3
    assert one(production, "HorizontalPodAutoscaler")["spec"]["minReplicas"] == 3
    assert [rule["host"] for rule in ingress["spec"]["rules"]] == ["api.example.com"]
    assert ingress["spec"]["tls"][0]["hosts"] == ["api.example.com"]
    assert config["data"]["DJANGO_ALLOWED_HOSTS"] == "api.example.com,localhost"


def test_the_configmap_and_the_secret_hold_every_key_of_env_example(project, production):
    config_keys = set(one(production, "ConfigMap")["data"])
    secret_example = project / "deploy" / "kubernetes" / "secret.env.example"
    secret_keys = {
        line.split("=", 1)[0]
        for line in secret_example.read_text().splitlines()
        if line and not line.startswith("#")
    }

    assert not config_keys & secret_keys
    assert config_keys | secret_keys == env_example_keys(project) - NOT_DEPLOYED_KEYS
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL", "EMAIL_HOST_PASSWORD"} <= secret_keys
    # The manifests hold no secret: no Secret object, no value of one.
    assert by_kind(production, "Secret") == []
    for pod_spec in all_pod_specs(production):
        for container in all_containers(pod_spec):
            assert container["envFrom"] == [
                {"configMapRef": {"name": "my-api-config"}},
                {"secretRef": {"name": "my-api-secrets"}},
            ]
            assert not {variable["name"] for variable in container.get("env", [])} & secret_keys


def test_secret_files_are_git_ignored_and_kept_out_of_the_image(project):
    ignored = (project / ".gitignore").read_text().splitlines()
    docker_ignored = (project / ".dockerignore").read_text().splitlines()

    assert "deploy/kubernetes/secret.env" in ignored
    assert "deploy" in docker_ignored


def test_every_pod_runs_locked_down(production):
    for pod_spec in all_pod_specs(production):
        assert pod_spec["automountServiceAccountToken"] is False
        assert pod_spec["securityContext"]["runAsNonRoot"] is True
        assert pod_spec["securityContext"]["runAsUser"] >= 10000
        assert pod_spec["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
        assert [volume["name"] for volume in pod_spec["volumes"]] == ["tmp"]
        assert "emptyDir" in pod_spec["volumes"][0]
        for container in all_containers(pod_spec):
            assert container["securityContext"] == {
                "allowPrivilegeEscalation": False,
                "readOnlyRootFilesystem": True,
                "capabilities": {"drop": ["ALL"]},
            }
            # /tmp is the only writable path.
            assert container["volumeMounts"] == [{"name": "tmp", "mountPath": "/tmp"}]
            for kind in ["requests", "limits"]:
                assert set(container["resources"][kind]) == {"cpu", "memory"}, container["name"]


def test_the_pods_run_as_the_images_user(project, production):
    dockerfile = (project / "Dockerfile").read_text()
    user = re.search(r"^USER (\d+):(\d+)$", dockerfile, re.MULTILINE)

    for pod_spec in all_pod_specs(production):
        context = pod_spec["securityContext"]
        assert (str(context["runAsUser"]), str(context["runAsGroup"])) == user.groups()


def gunicorn_settings(project, env):
    """gunicorn.conf.py's values with the container's environment."""
    script = (
        "import json, runpy, sys\n"
        "settings = runpy.run_path(sys.argv[1])\n"
        "print(json.dumps({k: settings[k] for k in ('graceful_timeout', 'workers', 'bind')}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(project / "gunicorn.conf.py")],
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_the_web_deployment_rolls_out_and_stops_without_dropping_requests(project, production):
    web = one(production, "Deployment", "web")
    pod_spec = web["spec"]["template"]["spec"]
    (container,) = pod_spec["containers"]
    env = literal_env(container)
    gunicorn = gunicorn_settings(project, env)

    assert web["spec"]["replicas"] >= 2
    assert web["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    assert container["lifecycle"]["preStop"]["exec"]["command"] == ["sleep", str(PRESTOP_SECONDS)]
    # The pause, then gunicorn's graceful stop, both within the grace period.
    grace_period = pod_spec["terminationGracePeriodSeconds"]
    assert PRESTOP_SECONDS + gunicorn["graceful_timeout"] < grace_period
    # Sized by the environment, not by the node's core count.
    assert gunicorn["workers"] == int(env["GUNICORN_WORKERS"])
    assert gunicorn["bind"].endswith(f":{container['ports'][0]['containerPort']}")


def test_the_probes_ask_the_health_endpoints_as_an_allowed_host(production):
    (container,) = one(production, "Deployment", "web")["spec"]["template"]["spec"]["containers"]
    allowed = one(production, "ConfigMap")["data"]["DJANGO_ALLOWED_HOSTS"].split(",")

    paths = {
        probe: container[probe]["httpGet"]["path"]
        for probe in ["startupProbe", "readinessProbe", "livenessProbe"]
    }
    assert paths == {
        "startupProbe": "/health/",
        "readinessProbe": "/health/",
        # Touches nothing outside the process: a database outage restarts no pod.
        "livenessProbe": "/health/live/",
    }
    for probe in paths:
        (header,) = container[probe]["httpGet"]["httpHeaders"]
        assert header["name"] == "Host"
        assert header["value"] in allowed


def test_prometheus_scrapes_each_web_pod_at_its_address_which_the_pod_allows(production):
    web = one(production, "Deployment", "web")["spec"]["template"]
    (container,) = web["spec"]["containers"]
    (port,) = container["ports"]
    ingress = one(production, "NetworkPolicy")["spec"]["ingress"]
    routed = [
        path["path"] for path in one(production, "Ingress")["spec"]["rules"][0]["http"]["paths"]
    ]

    # The usual annotations of Prometheus' pod discovery: it asks the pod's IP.
    assert web["metadata"]["annotations"] == {
        "prometheus.io/scrape": "true",
        "prometheus.io/port": str(port["containerPort"]),
        "prometheus.io/path": "/metrics",
    }
    # That address reaches the container, whose production settings allow it as a host.
    assert {"name": "POD_IP", "valueFrom": {"fieldRef": {"fieldPath": "status.podIP"}}} in (
        container["env"]
    )
    # Prometheus' namespace gets in; the Ingress does not route the path.
    monitoring = {
        "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "monitoring"}}
    }
    assert any(
        monitoring in rule["from"] and {"port": port["name"], "protocol": "TCP"} in rule["ports"]
        for rule in ingress
    )
    assert not any("/metrics".startswith(path) for path in routed)


def test_migrations_run_once_per_release_in_a_job_and_other_pods_wait_for_them(production):
    job = one(production, "Job", "migrate")

    (migrate,) = job["spec"]["template"]["spec"]["containers"]
    assert migrate["args"] == ["python", "manage.py", "migrate", "--noinput"]
    for component in ["web", "worker"]:
        pod_spec = one(production, "Deployment", component)["spec"]["template"]["spec"]
        (wait,) = pod_spec["initContainers"]
        assert "manage.py migrate --check" in wait["args"][-1]
        assert "migrate --noinput" not in json.dumps(pod_spec)


def test_the_task_worker_runs_db_worker_and_finishes_its_task_on_stop(project, production):
    worker = one(production, "Deployment", "worker")
    pod_spec = worker["spec"]["template"]["spec"]
    (container,) = pod_spec["containers"]
    settings = (project / "config" / "settings" / "base.py").read_text()

    assert container["args"] == ["python", "manage.py", "db_worker"]
    assert '"BACKEND": "django_tasks_db.DatabaseBackend"' in settings
    assert worker["spec"]["replicas"] >= 1
    assert "ports" not in container
    # An email task gives up after EMAIL_TIMEOUT (10 s), well within the grace period.
    assert pod_spec["terminationGracePeriodSeconds"] > 10


def test_every_deployment_that_serves_a_port_has_its_probes(production):
    for deployment in by_kind(production, "Deployment"):
        for container in deployment["spec"]["template"]["spec"]["containers"]:
            if container.get("ports"):
                assert {"startupProbe", "readinessProbe", "livenessProbe"} <= set(container)


def test_the_ingress_routes_the_api_admin_and_static_files_only(production):
    ingress = one(production, "Ingress")
    (rule,) = ingress["spec"]["rules"]

    assert [path["path"] for path in rule["http"]["paths"]] == ["/api/", "/admin/", "/static/"]
    for path in rule["http"]["paths"]:
        assert path["backend"]["service"]["name"] == "my-api-web"


def test_service_autoscaler_budget_and_network_policy_select_the_web_pods(production):
    web = one(production, "Deployment", "web")
    labels = web["spec"]["template"]["metadata"]["labels"]
    selector = web["spec"]["selector"]["matchLabels"]

    assert one(production, "Service")["spec"]["selector"] == selector
    assert one(production, "PodDisruptionBudget")["spec"]["selector"]["matchLabels"] == selector
    hpa = one(production, "HorizontalPodAutoscaler")["spec"]
    assert hpa["scaleTargetRef"]["name"] == web["metadata"]["name"]
    assert hpa["metrics"][0]["resource"]["name"] == "cpu"
    policy = one(production, "NetworkPolicy")["spec"]
    assert policy["podSelector"]["matchLabels"].items() <= labels.items()
    assert policy["policyTypes"] == ["Ingress", "Egress"]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def probe(port, path, host):
    """What the kubelet's httpGet probe gets: the status (plain HTTP, a Host header)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path, headers={"Host": host})
        return connection.getresponse().status
    finally:
        connection.close()


def probe_statuses(project, venv, env, asked):
    """Start the web container's command (gunicorn, production settings) with `env`;
    return each probe's status once gunicorn answers."""
    port = int(env["GUNICORN_BIND"].rsplit(":", 1)[1])
    server = subprocess.Popen(
        [str(venv / "bin" / "gunicorn"), "--config", "gunicorn.conf.py", "config.wsgi"],
        cwd=project,
        env={"PATH": f"{venv / 'bin'}{os.pathsep}/usr/bin:/bin", **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                probe(port, "/health/live/", "localhost")
                break
            except OSError:
                assert server.poll() is None, server.communicate()[0]
                assert time.monotonic() < deadline, "gunicorn did not answer within 60 s"
                time.sleep(0.2)
        return {(path, host): probe(port, path, host) for path, host in asked}
    finally:
        server.terminate()
        server.communicate(timeout=30)


@pytest.mark.slow
def test_the_probes_answer_as_the_manifests_mean_under_production_settings(
    project, production, tmp_path
):
    """gunicorn started as the web container is (its ConfigMap, env and a Secret's keys),
    probed as the kubelet probes it and scraped as Prometheus scrapes it: the database
    up, then unreachable."""
    require_services()
    venv = project_venv(project, python_for(PYTHON_VERSIONS[0]))
    (container,) = one(production, "Deployment", "web")["spec"]["template"]["spec"]["containers"]
    env = {
        **one(production, "ConfigMap")["data"],
        **literal_env(container),
        # What the downward API gives the pod (deployment-web.yaml).
        "POD_IP": "10.1.2.3",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "REDIS_URL": REDIS_URL,
        "GUNICORN_BIND": f"127.0.0.1:{free_port()}",
        "GUNICORN_WORKERS": "1",
        # This run's own: gunicorn empties the folder when it starts.
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prometheus"),
    }
    host = container["livenessProbe"]["httpGet"]["httpHeaders"][0]["value"]
    asked = [
        (container["livenessProbe"]["httpGet"]["path"], host),
        (container["readinessProbe"]["httpGet"]["path"], host),
        # Prometheus names the pod's address and port.
        ("/metrics", "10.1.2.3:8000"),
        # Another address is no host of this pod's.
        ("/health/", "10.9.9.9:8000"),
    ]

    database_up = probe_statuses(project, venv, {**env, "DATABASE_URL": SERVER_DATABASE_URL}, asked)
    # Nothing listens on port 1: every connection is refused, as in an outage.
    database_down = probe_statuses(
        project, venv, {**env, "DATABASE_URL": "postgres://app@127.0.0.1:1/app"}, asked
    )

    assert database_up == {
        ("/health/live/", "localhost"): 200,
        ("/health/", "localhost"): 200,
        ("/metrics", "10.1.2.3:8000"): 200,
        ("/health/", "10.9.9.9:8000"): 400,
    }
    # Liveness holds (no restart); readiness fails (out of the Service until it is
    # back); the metrics, which need no database, are still scraped.
    assert database_down == {
        ("/health/live/", "localhost"): 200,
        ("/health/", "localhost"): 503,
        ("/metrics", "10.1.2.3:8000"): 200,
        ("/health/", "10.9.9.9:8000"): 400,
    }


def checkov_skips(project):
    """The check IDs .checkov.yaml skips, each of which must give its reason."""
    skips = {}
    for line in (project / ".checkov.yaml").read_text().splitlines():
        match = re.fullmatch(r"\s*-\s*(CKV2?_[A-Z0-9_]+)\s*(?:#\s*(.*))?", line)
        if match:
            skips[match[1]] = match[2]
    return skips


# About 20 s: checkov loads every check it has.
@pytest.mark.slow
def test_checkov_passes_the_manifests_and_the_dockerfile(project, production, bake, tmp_path):
    venv = tool_venv("checkov", TEMPLATE_DIR / "tests" / "requirements-checkov.txt", sys.executable)
    scanned = tmp_path / "scanned"
    scanned.mkdir()
    (scanned / "manifests.yaml").write_text(yaml.safe_dump_all(production, sort_keys=False))
    # The Dockerfile of every python_version answer (the manifests do not depend on it),
    # in one run: checkov takes about 20 s to start.
    dockerfiles = {PYTHON_VERSIONS[0]: project / "Dockerfile"}
    for version in PYTHON_VERSIONS[1:]:
        dockerfiles[version] = bake(python_version=version) / "Dockerfile"
    for version, dockerfile in dockerfiles.items():
        (scanned / f"python{version}").mkdir()
        (scanned / f"python{version}" / "Dockerfile").write_text(dockerfile.read_text())

    result = subprocess.run(
        [
            str(venv / "bin" / "checkov"),
            "--config-file",
            str(project / ".checkov.yaml"),
            "--directory",
            str(scanned),
            "--framework",
            "kubernetes",
            "dockerfile",
            "secrets",
            # Offline: no guidelines or policies from the vendor's platform.
            "--skip-download",
            # Not --quiet: the report lists the passed checks too, so the files scanned.
            "--output",
            "json",
            "--compact",
        ],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path)},
        timeout=600,
    )

    assert result.stdout.startswith(("[", "{")), result.stderr
    reports = json.loads(result.stdout)
    reports = reports if isinstance(reports, list) else [reports]
    failed = [
        (check["check_id"], check["resource"], check["check_name"])
        for report in reports
        for check in report["results"]["failed_checks"]
    ]
    passed = {report["check_type"]: report["summary"]["passed"] for report in reports}
    assert failed == []
    assert result.returncode == 0, result.stderr
    assert passed["kubernetes"] >= 50
    assert passed["dockerfile"] >= 5 * len(PYTHON_VERSIONS)
    scanned_dockerfiles = {
        check["file_path"] for report in reports for check in report["results"]["passed_checks"]
    }
    assert {f"/python{version}/Dockerfile" for version in PYTHON_VERSIONS} <= scanned_dockerfiles
    skips = checkov_skips(project)
    assert skips
    for check_id, reason in skips.items():
        assert reason, f"{check_id} is skipped without a reason in .checkov.yaml"


def test_the_readme_shows_the_release_steps(project):
    readme = (project / "README.md").read_text()
    section = readme.split("## Kubernetes", 1)[1].split("\n## ", 1)[0]

    for command in [
        "docker build",
        "docker push",
        "kubectl create secret generic my-api-secrets --namespace my-api",
        "--from-env-file deploy/kubernetes/secret.env",
        "kubectl apply -k deploy/kubernetes/overlays/production",
        "kubectl rollout status",
        "kubectl exec",
        "manage.py",
    ]:
        assert command in section, command


@pytest.mark.parametrize(
    "answers",
    [{"use_kubernetes": False}, {"use_docker": False}],
    ids=["use_kubernetes=no", "use_docker=no"],
)
def test_no_manifests_without_kubernetes_or_without_the_image(bake, answers):
    project = bake(**answers)

    assert not (project / "deploy").exists()
    assert not (project / ".checkov.yaml").exists()
    readme = (project / "README.md").read_text()
    assert "kubectl" not in readme
    if not answers.get("use_docker", True):
        assert "Kubernetes manifests need the Docker image" in readme


def test_object_names_are_dns_labels_made_from_any_slug(bake):
    project = bake(project_slug="Shop_API__v2_")

    objects = kustomize(project / "deploy" / "kubernetes" / "overlays" / "production")
    names = {document["metadata"]["name"] for document in objects}
    assert "shop-api-v2-web" in names
    assert {document["metadata"].get("namespace") for document in objects} == {None, "shop-api-v2"}
    for document in objects:
        kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)
