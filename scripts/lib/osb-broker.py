#!/usr/bin/env python3
"""An in-memory Open Service Broker (API v2.17), served by the unmodified openbrokerapi package (PyPI).

    OSB_USERNAME=u OSB_PASSWORD=p python3 scripts/lib/osb-broker.py PORT

Listens on 127.0.0.1:PORT (0 picks a free port) and prints the port it listens on as the first line of
stdout. openbrokerapi does the wire protocol: Basic auth, X-Broker-API-Version (400 when missing, 412
below 2.13), application/json bodies, service_id/plan_id on DELETE, error bodies and status codes. This
program only keeps instances and bindings in memory.

Besides the OSB API, GET /test/instances (no auth, no version header) shows the state for tests:
{"instances": {id: {service_id, plan_id, parameters, context, organization_guid, space_guid}},
 "bindings": {binding_id: {instance_id, app_guid}}}.

Requests are logged to stderr; stdout carries the port line only.
"""

import logging
import os
import secrets
import sys
import threading

from flask import Flask, jsonify
from openbrokerapi import api, errors
from openbrokerapi.catalog import ServicePlan, ServicePlanCost, ServicePlanMetadata
from openbrokerapi.service_broker import (
    Binding,
    BindState,
    DeprovisionServiceSpec,
    GetBindingSpec,
    GetInstanceDetailsSpec,
    LastOperation,
    OperationState,
    ProvisionedServiceSpec,
    ProvisionState,
    Service,
    ServiceBroker,
    UnbindSpec,
    UpdateServiceSpec,
)
from werkzeug.serving import make_server

DB_SERVICE_ID = "8b9a2c1e-0000-4000-8000-000000000001"
DB_SMALL_PLAN_ID = "8b9a2c1e-0000-4000-8000-000000000011"
DB_LARGE_PLAN_ID = "8b9a2c1e-0000-4000-8000-000000000012"
QUEUE_SERVICE_ID = "8b9a2c1e-0000-4000-8000-000000000002"
QUEUE_BASIC_PLAN_ID = "8b9a2c1e-0000-4000-8000-000000000021"


class InMemoryBroker(ServiceBroker):
    def __init__(self):
        self.base_url = ""  # set once the port is known
        self.lock = threading.Lock()
        self.instances = {}
        self.bindings = {}  # binding id -> {"instance_id", "app_guid", "service_id", "plan_id", "credentials"}

    def catalog(self):
        return [
            Service(
                id=DB_SERVICE_ID,
                name="souk-test-db",
                description="A test database",
                bindable=True,
                plan_updateable=True,
                instances_retrievable=True,
                bindings_retrievable=True,
                plans=[
                    ServicePlan(id=DB_SMALL_PLAN_ID, name="small", description="A small database", free=True),
                    ServicePlan(
                        id=DB_LARGE_PLAN_ID,
                        name="large",
                        description="A large database",
                        free=False,
                        metadata=ServicePlanMetadata(
                            costs=[ServicePlanCost(amount={"usd": 25.0}, unit="MONTHLY")],
                        ),
                    ),
                ],
            ),
            Service(
                id=QUEUE_SERVICE_ID,
                name="souk-test-queue",
                description="A test queue",
                bindable=False,
                plan_updateable=False,
                plans=[ServicePlan(id=QUEUE_BASIC_PLAN_ID, name="basic", description="A queue", free=True)],
            ),
        ]

    def _plans(self, service_id):
        for service in self.catalog():
            if service.id == service_id:
                return {plan.id for plan in service.plans}
        return set()

    def _dashboard_url(self, instance_id):
        return f"{self.base_url}/dashboard/{instance_id}"

    def provision(self, instance_id, details, async_allowed, **kwargs):
        if details.plan_id not in self._plans(details.service_id):
            raise errors.ErrBadRequest(f"plan {details.plan_id} is not a plan of service {details.service_id}")
        record = {
            "service_id": details.service_id,
            "plan_id": details.plan_id,
            "parameters": details.parameters,
            "context": details.context,
            "organization_guid": details.organization_guid,
            "space_guid": details.space_guid,
        }
        with self.lock:
            existing = self.instances.get(instance_id)
            if existing is not None:
                if existing != record:
                    raise errors.ErrInstanceAlreadyExists()
                return ProvisionedServiceSpec(
                    ProvisionState.IDENTICAL_ALREADY_EXISTS, dashboard_url=self._dashboard_url(instance_id)
                )
            self.instances[instance_id] = record
        return ProvisionedServiceSpec(ProvisionState.SUCCESSFUL_CREATED, dashboard_url=self._dashboard_url(instance_id))

    def update(self, instance_id, details, async_allowed, **kwargs):
        with self.lock:
            instance = self.instances.get(instance_id)
            if instance is None:
                raise errors.ErrBadRequest(f"no instance {instance_id}")
            if details.service_id != instance["service_id"]:
                raise errors.ErrBadRequest(f"instance {instance_id} is not of service {details.service_id}")
            if details.plan_id and details.plan_id != instance["plan_id"]:
                if details.service_id != DB_SERVICE_ID:
                    raise errors.ErrPlanChangeNotSupported()
                if details.plan_id not in self._plans(details.service_id):
                    raise errors.ErrBadRequest(f"plan {details.plan_id} is not a plan of service {details.service_id}")
                instance["plan_id"] = details.plan_id
            if details.parameters is not None:
                instance["parameters"] = details.parameters
            if details.context is not None:
                instance["context"] = details.context
        return UpdateServiceSpec(is_async=False, dashboard_url=self._dashboard_url(instance_id))

    def deprovision(self, instance_id, details, async_allowed, **kwargs):
        with self.lock:
            if self.instances.pop(instance_id, None) is None:
                raise errors.ErrInstanceDoesNotExist()
            for binding_id in [b for b, v in self.bindings.items() if v["instance_id"] == instance_id]:
                del self.bindings[binding_id]
        return DeprovisionServiceSpec(is_async=False)

    def bind(self, instance_id, binding_id, details, async_allowed, **kwargs):
        app_guid = details.bind_resource.app_guid if details.bind_resource else None
        app_guid = app_guid or details.app_guid
        with self.lock:
            instance = self.instances.get(instance_id)
            if instance is None:
                raise errors.ErrBadRequest(f"no instance {instance_id}")
            if instance["service_id"] != DB_SERVICE_ID:
                raise errors.ErrBadRequest(f"service {instance['service_id']} is not bindable")
            existing = self.bindings.get(binding_id)
            if existing is not None:
                if (existing["instance_id"], existing["app_guid"]) != (instance_id, app_guid):
                    raise errors.ErrBindingAlreadyExists()
                return Binding(BindState.IDENTICAL_ALREADY_EXISTS, credentials=existing["credentials"])
            credentials = {
                "uri": f"postgres://u:p@db.test:5432/{instance_id}",
                "username": f"u-{binding_id[:8]}",
                "password": f"p-{secrets.token_hex(12)}",
                "port": 5432,
            }
            self.bindings[binding_id] = {
                "instance_id": instance_id,
                "app_guid": app_guid,
                "credentials": credentials,
            }
        return Binding(BindState.SUCCESSFUL_BOUND, credentials=credentials)

    def unbind(self, instance_id, binding_id, details, async_allowed, **kwargs):
        with self.lock:
            binding = self.bindings.get(binding_id)
            if binding is None or binding["instance_id"] != instance_id:
                raise errors.ErrBindingDoesNotExist()
            del self.bindings[binding_id]
        return UnbindSpec(is_async=False)

    def get_instance(self, instance_id, **kwargs):
        with self.lock:
            instance = self.instances.get(instance_id)
            if instance is None:
                raise errors.ErrInstanceDoesNotExist()
            return GetInstanceDetailsSpec(
                instance["service_id"],
                instance["plan_id"],
                dashboard_url=self._dashboard_url(instance_id),
                parameters=instance["parameters"],
            )

    def get_binding(self, instance_id, binding_id, **kwargs):
        with self.lock:
            binding = self.bindings.get(binding_id)
            if binding is None or binding["instance_id"] != instance_id:
                raise errors.ErrBindingDoesNotExist()
            return GetBindingSpec(credentials=binding["credentials"])

    def last_operation(self, instance_id, operation_data, **kwargs):
        # Every operation is synchronous: there is never one in progress.
        with self.lock:
            if instance_id not in self.instances:
                raise errors.ErrInstanceDoesNotExist()
        return LastOperation(OperationState.SUCCEEDED, "done")

    def snapshot(self):
        with self.lock:
            return {
                "instances": {key: dict(value) for key, value in self.instances.items()},
                "bindings": {
                    key: {"instance_id": value["instance_id"], "app_guid": value["app_guid"]}
                    for key, value in self.bindings.items()
                },
            }


def main():
    if len(sys.argv) != 2:
        print("usage: OSB_USERNAME=u OSB_PASSWORD=p osb-broker.py PORT", file=sys.stderr)
        return 2
    username, password = os.environ.get("OSB_USERNAME"), os.environ.get("OSB_PASSWORD")
    if not username or not password:
        print("set OSB_USERNAME and OSB_PASSWORD", file=sys.stderr)
        return 2
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="osb-broker %(levelname)s %(message)s")
    logger = logging.getLogger("osb-broker")

    broker = InMemoryBroker()
    app = Flask("osb-broker")
    app.register_blueprint(api.get_blueprint(broker, api.BrokerCredentials(username, password), logger))

    # Outside the blueprint, so neither its auth nor its version check applies.
    @app.get("/test/instances")
    def test_instances():
        return jsonify(broker.snapshot())

    @app.get("/dashboard/<instance_id>")
    def dashboard(instance_id):
        return f"dashboard of {instance_id}\n", 200, {"Content-Type": "text/plain"}

    server = make_server("127.0.0.1", int(sys.argv[1]), app, threaded=True)
    broker.base_url = f"http://127.0.0.1:{server.server_port}"
    print(server.server_port, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
