"""Shared machinery of the PyKMIP interop driver: step recording, client
connections, and conversion of PyKMIP values into JSON.

Every step prints exactly one JSON line on stdout:
    {"step": name, "ok": bool, "detail": {...}}            expectation met
    {"step": name, "ok": false, "error": {"kind": ...}}     expectation not met
Error kinds: "kmip" (the server answered Operation Failed: status, reason,
message), "assert" (the answer came back but was wrong), "exception" (the
client raised: decode error, lost connection...), "skipped" (a step this one
needs did not produce its value), "unexpected-success" (a failure was
expected). A step that expects a failure reports the reason it saw in
detail.reason, so the Node side can assert on it.
"""

import binascii
import enum
import json
import sys

from kmip.core import enums
from kmip.core import exceptions as core_exceptions
from kmip.pie import client as pie_client
from kmip.pie import exceptions as pie_exceptions
from kmip.services import kmip_client

VERSIONS = {
    "1.0": enums.KMIPVersion.KMIP_1_0,
    "1.1": enums.KMIPVersion.KMIP_1_1,
    "1.2": enums.KMIPVersion.KMIP_1_2,
    "1.3": enums.KMIPVersion.KMIP_1_3,
    "1.4": enums.KMIPVersion.KMIP_1_4,
    "2.0": enums.KMIPVersion.KMIP_2_0,
}


class CheckFailed(Exception):
    """The server answered, but not what the step expects."""


class Skipped(Exception):
    """A value this step needs was not produced by an earlier step."""


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def need(*values):
    for value in values:
        if value is None:
            raise Skipped("an earlier step this one needs did not succeed")


def to_json(value):
    """Best-effort conversion of PyKMIP values into JSON-friendly data."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, (bytes, bytearray)):
        return binascii.hexlify(bytes(value)).decode("ascii")
    if isinstance(value, (list, tuple, set)):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if hasattr(value, "name_value"):  # Name structure
        return value.name_value.value
    if hasattr(value, "application_namespace"):
        return {
            "application_namespace": to_json(
                getattr(value.application_namespace, "value",
                        value.application_namespace)),
            "application_data": to_json(
                getattr(value.application_data, "value",
                        value.application_data)),
        }
    if hasattr(value, "value"):
        return to_json(value.value)
    return str(value)


def attributes_to_json(attributes):
    """A list of core Attribute objects -> {name: [values in index order]}."""
    result = {}
    for attribute in attributes or []:
        name = attribute.attribute_name.value
        result.setdefault(name, []).append(to_json(attribute.attribute_value))
    return result


def describe_error(error):
    # Only these two mean "the server answered Operation Failed"; other
    # KmipError subclasses (InvalidMessage...) are raised by the client itself.
    if isinstance(error, (pie_exceptions.KmipOperationFailure,
                          core_exceptions.OperationFailure)):
        return {
            "kind": "kmip",
            "status": to_json(getattr(error, "status", None)),
            "reason": to_json(getattr(error, "reason", None)),
            "message": str(getattr(error, "message", None) or error),
        }
    if isinstance(error, CheckFailed):
        return {"kind": "assert", "message": str(error)}
    if isinstance(error, Skipped):
        return {"kind": "skipped", "message": str(error)}
    return {"kind": "exception", "type": type(error).__name__,
            "message": str(error)}


class Connection(object):
    """One PyKMIP client for one identity, reopened after a broken exchange.

    family "pie" = kmip.pie.client.ProxyKmipClient; "proxy" = the low-level
    kmip.services.kmip_client.KMIPProxy.
    """

    def __init__(self, config, family, certfile, keyfile, version=None):
        self.config = config
        self.family = family
        self.certfile = certfile
        self.keyfile = keyfile
        self.version = version or config["kmip_version"]
        self.client = None

    def _build(self, version):
        # config_file points at an empty file so that no pykmip.conf found
        # on the machine can change the settings given here.
        if self.family == "pie":
            return pie_client.ProxyKmipClient(
                hostname=self.config["host"], port=int(self.config["port"]),
                cert=self.certfile, key=self.keyfile,
                ca=self.config["ca_certs"], kmip_version=version,
                config_file=self.config["empty_config"])
        return kmip_client.KMIPProxy(
            host=self.config["host"], port=int(self.config["port"]),
            certfile=self.certfile, keyfile=self.keyfile,
            ca_certs=self.config["ca_certs"], kmip_version=version,
            config_file=self.config["empty_config"])

    def open(self):
        if self.client is None:
            client = self._build(self.version)
            client.open()
            self.client = client
        return self.client

    def close(self):
        client, self.client = self.client, None
        if client is not None:
            try:
                client.close()
            except Exception:  # the connection may already be gone
                pass


class Recorder(object):
    """Runs steps, prints one JSON line each, keeps values for later steps."""

    def __init__(self, config, out=None):
        self.config = config
        self.out = out or sys.stdout
        self.values = {}
        self.connections = {}
        self.results = []

    def connection(self, identity="a", family="pie", version=None):
        """One connection per (identity, client family, KMIP version):
        identity "a" uses certfile/keyfile, "b" certfile2/keyfile2."""
        key = (identity, family, version)
        if key not in self.connections:
            if identity == "a":
                cert = self.config["certfile"]
                key_file = self.config["keyfile"]
            else:
                cert = self.config.get("certfile2")
                key_file = self.config.get("keyfile2")
                if not cert or not key_file:
                    raise Skipped("certfile2/keyfile2 not given")
            self.connections[key] = Connection(
                self.config, family, cert, key_file,
                VERSIONS[version] if version else None)
        return self.connections[key]

    def client(self, identity="a", family="pie", version=None):
        return self.connection(identity, family, version).open()

    def close_all(self):
        for connection in self.connections.values():
            connection.close()

    def emit(self, record):
        self.results.append(record)
        self.out.write(json.dumps(record, sort_keys=True) + "\n")
        self.out.flush()

    def step(self, name, action, expect_failure=False, store=None):
        """Run action(); record it. action returns a JSON-able detail, or a
        (value, detail) pair when store names the value for later steps.

        expect_failure: False, True (any Operation Failed answer), or a tuple
        of ResultReason names of which the answer must be one.
        """
        try:
            result = action()
        except Exception as error:
            described = describe_error(error)
            expected = (
                expect_failure and described["kind"] == "kmip" and (
                    expect_failure is True
                    or described.get("reason") in expect_failure))
            if expected:
                self.emit({"step": name, "ok": True, "detail": {
                    "reason": described.get("reason"),
                    "message": described.get("message")}})
            else:
                if described["kind"] not in ("kmip", "assert", "skipped"):
                    # The exchange broke half way: start a fresh connection.
                    for connection in self.connections.values():
                        connection.close()
                self.emit({"step": name, "ok": False, "error": described})
            return None
        value, detail = (result if store else (None, result))
        if expect_failure:
            self.emit({"step": name, "ok": False, "error": {
                "kind": "unexpected-success", "detail": to_json(detail)}})
            return None
        if store:
            self.values[store] = value
        self.emit({"step": name, "ok": True, "detail": to_json(detail)})
        return value

    def get(self, key):
        return self.values.get(key)
