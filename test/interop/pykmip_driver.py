#!/usr/bin/python3
"""Runs one named interop scenario with PyKMIP's own clients against a KMIP
server and prints one JSON line per step on stdout (see
pykmip_scenarios/common.py for the line format).

Run it with Debian's Python (python3-pykmip lives there):
    /usr/bin/python3 -B test/interop/pykmip_driver.py '<json>'
    echo '<json>' | /usr/bin/python3 -B test/interop/pykmip_driver.py

The JSON: {"host", "port", "certfile", "keyfile", "ca_certs", "scenario",
"version"?: "1.2" (KMIP version of the requests, PyKMIP's default),
"certfile2"?, "keyfile2"? (a second identity, for 'isolation'),
"tag"?: a string made part of every object name (random by default)}.

Exit status: 0 when the scenario ran (whatever its steps gave), 2 for bad
input, 3 when kmip cannot be imported.
"""

import sys

sys.dont_write_bytecode = True

import json  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import tempfile  # noqa: E402
import uuid  # noqa: E402
import warnings  # noqa: E402

REQUIRED = ("host", "port", "certfile", "keyfile", "ca_certs", "scenario")


def read_config(argv):
    text = argv[1] if len(argv) > 1 else sys.stdin.read()
    config = json.loads(text)
    missing = [key for key in REQUIRED if not config.get(key)]
    if missing:
        raise ValueError("missing fields: {}".format(", ".join(missing)))
    return config


def main(argv):
    try:
        config = read_config(argv)
    except ValueError as error:
        sys.stderr.write("pykmip_driver: bad input: {}\n".format(error))
        return 2
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    # The client libraries warn about deprecated ciphers and ssl.wrap_socket;
    # keep stderr for real problems.
    warnings.simplefilter("ignore")
    logging.basicConfig(stream=sys.stderr, level=logging.ERROR)
    try:
        from pykmip_scenarios import SCENARIOS
        from pykmip_scenarios.common import Recorder
        from pykmip_scenarios.common import VERSIONS
    except ImportError as error:
        sys.stderr.write("pykmip_driver: cannot import kmip: {}\n".format(
            error))
        return 3
    scenario = SCENARIOS.get(config["scenario"])
    if scenario is None:
        sys.stderr.write("pykmip_driver: unknown scenario {!r}; known: {}\n"
                         .format(config["scenario"], ", ".join(SCENARIOS)))
        return 2
    version = config.get("version") or "1.2"
    if version not in VERSIONS:
        sys.stderr.write("pykmip_driver: unknown version {!r}\n".format(
            version))
        return 2
    config["kmip_version"] = VERSIONS[version]
    tag = config.get("tag") or uuid.uuid4().hex[:12]
    config["tag"] = tag

    def name(label):
        return "interop-{}-{}".format(tag, label)

    with tempfile.NamedTemporaryFile("w", suffix=".conf") as empty:
        # An empty client configuration: no pykmip.conf on this machine may
        # change what the JSON says.
        config["empty_config"] = empty.name
        recorder = Recorder(config)
        try:
            scenario(recorder, name)
        finally:
            recorder.close_all()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
