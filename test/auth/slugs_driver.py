#!/usr/bin/python3
"""Runs a list of steps with PyKMIP's ProxyKmipClient, one client (and client
certificate) per named identity, and prints one JSON line per step:
    {"step": name, "ok": true, "detail": {...}}       the operation succeeded
    {"step": name, "ok": false, "error": {...}}       it failed (kind "kmip":
        the server answered Operation Failed, with status, reason, message;
        kind "exception": the client raised something else)
The Node side (slugs-groups.test.ts) decides which outcome each step should
have.

Input, as JSON on stdin:
    {"host", "port", "ca_certs", "version"?: "1.2",
     "identities": {name: {"certfile", "keyfile", "username"?, "password"?}},
     "steps": [{"name", "as": identity, "op": "create" | "get" | "destroy",
                "policy"?: operation policy name (create),
                "save"?: key to keep the new Unique Identifier under (create),
                "uid"?: key of a saved Unique Identifier (get, destroy)}]}

Run with Debian's Python (python3-pykmip). Exit status: 0 when the steps ran,
2 for bad input, 3 when kmip cannot be imported.
"""

import sys

sys.dont_write_bytecode = True

import json  # noqa: E402
import logging  # noqa: E402
import tempfile  # noqa: E402
import warnings  # noqa: E402

VERSIONS = ("1.0", "1.1", "1.2", "1.3", "1.4", "2.0")


def describe(error, pie_exceptions):
    if isinstance(error, pie_exceptions.KmipOperationFailure):
        return {
            "kind": "kmip",
            "status": getattr(error.status, "name", str(error.status)),
            "reason": getattr(error.reason, "name", str(error.reason)),
            "message": str(error.message),
        }
    return {"kind": "exception", "type": type(error).__name__,
            "message": str(error)}


def main():
    try:
        config = json.loads(sys.stdin.read())
        identities = config["identities"]
        steps = config["steps"]
        version_name = config.get("version") or "1.2"
        if version_name not in VERSIONS:
            raise ValueError("unknown version {!r}".format(version_name))
    except (ValueError, KeyError) as error:
        sys.stderr.write("slugs_driver: bad input: {}\n".format(error))
        return 2
    warnings.simplefilter("ignore")
    logging.basicConfig(stream=sys.stderr, level=logging.CRITICAL)
    try:
        from kmip.core import enums
        from kmip.pie import client as pie_client
        from kmip.pie import exceptions as pie_exceptions
    except ImportError as error:
        sys.stderr.write("slugs_driver: cannot import kmip: {}\n".format(error))
        return 3
    version = getattr(enums.KMIPVersion,
                      "KMIP_" + version_name.replace(".", "_"))
    clients = {}
    saved = {}

    with tempfile.NamedTemporaryFile("w", suffix=".conf") as empty:
        def client(name):
            if name not in clients:
                who = identities[name]
                c = pie_client.ProxyKmipClient(
                    hostname=config["host"], port=int(config["port"]),
                    cert=who["certfile"], key=who["keyfile"],
                    ca=config["ca_certs"], kmip_version=version,
                    username=who.get("username"),
                    password=who.get("password"),
                    config_file=empty.name)
                c.open()
                clients[name] = c
            return clients[name]

        def run(step):
            c = client(step["as"])
            op = step["op"]
            if op == "create":
                uid = c.create(enums.CryptographicAlgorithm.AES, 128,
                               operation_policy_name=step.get("policy"))
                if step.get("save"):
                    saved[step["save"]] = uid
                return {"uid": uid}
            uid = saved.get(step.get("uid"))
            if uid is None:
                raise LookupError("no saved uid {!r}".format(step.get("uid")))
            if op == "get":
                return {"object_type": c.get(uid).object_type.name}
            if op == "destroy":
                c.destroy(uid)
                return {"destroyed": uid}
            raise ValueError("unknown op {!r}".format(op))

        try:
            for step in steps:
                try:
                    detail = run(step)
                    line = {"step": step["name"], "ok": True,
                            "detail": detail}
                except Exception as error:  # reported, not fatal
                    line = {"step": step["name"], "ok": False,
                            "error": describe(error, pie_exceptions)}
                    if line["error"]["kind"] != "kmip":
                        # the exchange may have broken: reconnect next time
                        broken = clients.pop(step["as"], None)
                        if broken is not None:
                            try:
                                broken.close()
                            except Exception:
                                pass
                sys.stdout.write(json.dumps(line, sort_keys=True) + "\n")
                sys.stdout.flush()
        finally:
            for c in clients.values():
                try:
                    c.close()
                except Exception:
                    pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
