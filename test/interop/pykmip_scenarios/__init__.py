"""Scenarios of the PyKMIP interop driver (see ../pykmip_driver.py)."""

from pykmip_scenarios import attributes
from pykmip_scenarios import crypto
from pykmip_scenarios import isolation
from pykmip_scenarios import kmipproxy
from pykmip_scenarios import lifecycle
from pykmip_scenarios import locate
from pykmip_scenarios import register

# Each run(rec, n) takes the step Recorder and n(label) -> a name unique to
# this run, so runs against a long-lived server never see each other's names.
SCENARIOS = {
    "lifecycle": lifecycle.run,
    "register": register.run,
    "attributes": attributes.run,
    "locate": locate.run,
    "isolation": isolation.run,
    "crypto": crypto.run,
    "kmipproxy": kmipproxy.run,
}
