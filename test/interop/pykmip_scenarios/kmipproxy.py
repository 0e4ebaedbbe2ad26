"""Scenario 'kmipproxy': the low-level kmip.services.kmip_client.KMIPProxy
(PyKMIP's original client, still what many integrations call):
DiscoverVersions, Query, Create, Register, Get, GetAttributes, GetAttributeList, Locate,
Activate, Revoke, Destroy."""

from kmip.core import enums
from kmip.core.messages import contents
from kmip.pie import factory
from kmip.pie import objects

from pykmip_scenarios.common import attributes_to_json
from pykmip_scenarios.common import check
from pykmip_scenarios.common import need
from pykmip_scenarios.common import to_json
from pykmip_scenarios import material
from pykmip_scenarios import ops

TYPE = enums.ObjectType
QUERY = enums.QueryFunction


def _version(v):
    return "{}.{}".format(v.major, v.minor)


def run(rec, n):
    def p():
        return rec.client(family="proxy")

    def discover():
        result = ops.proxy_result(p().discover_versions())
        versions = [_version(v) for v in result.protocol_versions or []]
        check(versions, "no versions")
        return {"versions": versions}
    rec.step("discover_versions", discover)

    def discover_subset():
        offered = [contents.ProtocolVersion(1, 4), contents.ProtocolVersion(
            1, 2), contents.ProtocolVersion(9, 9)]
        result = ops.proxy_result(p().discover_versions(
            protocol_versions=offered))
        versions = [_version(v) for v in result.protocol_versions or []]
        check(versions == ["1.4", "1.2"], "answered {}".format(versions))
        return {"versions": versions}
    rec.step("discover_versions_offered", discover_subset)

    def query():
        result = ops.proxy_result(p().query(query_functions=[
            QUERY.QUERY_OPERATIONS, QUERY.QUERY_OBJECTS,
            QUERY.QUERY_SERVER_INFORMATION]))
        operations = to_json(list(result.operations or []))
        for op in ("CREATE", "REGISTER", "GET", "LOCATE", "DESTROY"):
            check(op in operations, "{} not in {}".format(op, operations))
        return {"operations": operations,
                "object_types": to_json(list(result.object_types or [])),
                "vendor_identification": to_json(result.vendor_identification)}
    rec.step("query", query)

    def create():
        result = ops.proxy_result(p().create(
            TYPE.SYMMETRIC_KEY, ops.aes_template(128, names=[n("px-create")])))
        uid = str(result.uuid)
        check(uid, "no uid")
        return uid, {"uid": uid, "object_type": result.object_type}
    rec.step("create", create, store="created")

    key_bytes = material.random_bytes(32)

    def register():
        secret = factory.ObjectFactory().convert(objects.SymmetricKey(
            enums.CryptographicAlgorithm.AES, 256, key_bytes))
        result = ops.proxy_result(p().register(
            TYPE.SYMMETRIC_KEY, ops.template([ops.attr(
                ops.A.NAME, n("px-register"))]), secret))
        uid = str(result.uuid)
        return uid, {"uid": uid}
    rec.step("register", register, store="registered")

    def get():
        uid = rec.get("registered")
        need(uid)
        result = ops.proxy_result(p().get(uid))
        check(str(result.uuid) == uid, "answered for {}".format(result.uuid))
        got = factory.ObjectFactory().convert(result.secret)
        check(got.value == key_bytes, "key material differs")
        return {"object_type": result.object_type, "length": len(got.value)}
    rec.step("get", get)

    def get_attributes():
        uid = rec.get("registered")
        need(uid)
        result = ops.proxy_result(p().get_attributes(uid, ["State", "Name"]))
        attrs = attributes_to_json(result.attributes)
        check(attrs.get("State") == ["PRE_ACTIVE"], "State")
        check(attrs.get("Name") == [n("px-register")], "Name")
        return {"attributes": attrs}
    rec.step("get_attributes", get_attributes)

    def get_attribute_list():
        uid = rec.get("created")
        need(uid)
        result = ops.proxy_result(p().get_attribute_list(uid))
        names = sorted(result.names or [])
        check("State" in names and "Name" in names, "names {}".format(names))
        return {"names": names}
    rec.step("get_attribute_list", get_attribute_list)

    def locate():
        uid = rec.get("created")
        need(uid)
        result = ops.proxy_result(p().locate(attributes=[
            ops.attr(ops.A.NAME, n("px-create"))]))
        return ops.same_ids(result.uuids or [], [uid])
    rec.step("locate", locate)

    def lifecycle(call):
        def action():
            uid = rec.get("created")
            need(uid)
            ops.proxy_result(call(uid))
            return {}
        return action
    rec.step("activate", lifecycle(lambda u: p().activate(u)))
    rec.step("revoke", lifecycle(lambda u: p().revoke(
        enums.RevocationReasonCode.CESSATION_OF_OPERATION, u)))
    rec.step("destroy", lifecycle(lambda u: p().destroy(u)))
    rec.step("get_after_destroy", lifecycle(lambda u: p().get(u)),
             expect_failure=("ITEM_NOT_FOUND",))

    def destroy_registered():
        uid = rec.get("registered")
        need(uid)
        ops.proxy_result(p().destroy(uid))
        return {}
    rec.step("destroy_registered", destroy_registered)
