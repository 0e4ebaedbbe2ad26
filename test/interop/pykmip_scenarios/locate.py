"""Scenario 'locate' (ProxyKmipClient): Locate by Name, Object Type,
Cryptographic Algorithm, Cryptographic Length, State, Unique Identifier,
Operation Policy Name, Object Group, Application Specific Information,
Initial Date (two values = a range), Cryptographic Usage Mask (subset match),
combinations, and Offset Items / Maximum Items paging.

Four fixture objects share an Object Group unique to the run, and every
filter except Name and Unique Identifier is combined with that group, so
objects left on the server by other runs do not matter."""

import time

from kmip.core import enums
from kmip.pie import factory
from kmip.pie import objects

from pykmip_scenarios.common import check
from pykmip_scenarios.common import need
from pykmip_scenarios import ops

A = ops.A
MASK = enums.CryptographicUsageMask


def _fixture(rec, n, group):
    c = rec.client

    def create():
        start = int(time.time())
        uids = {}
        for label, length, masks in (
                ("l1", 128, None),
                ("l2", 256, [MASK.ENCRYPT, MASK.DECRYPT, MASK.MAC_GENERATE]),
                ("l3", 256, None)):
            extra = [ops.attr(A.OBJECT_GROUP, group),
                     ops.attr(A.OPERATION_POLICY_NAME, "default")]
            if label == "l3":
                extra.append(ops.attr(A.APPLICATION_SPECIFIC_INFORMATION, {
                    "application_namespace": "interop",
                    "application_data": n("loc-app")}))
            uids[label] = ops.proxy_create(c(), ops.aes_template(
                length, names=[n("loc-" + label)], extra=extra, masks=masks))
        secret = ops.proxy_result(c().proxy.register(
            enums.ObjectType.SECRET_DATA,
            ops.template([
                ops.attr(A.NAME, n("loc-l4")),
                ops.attr(A.OBJECT_GROUP, group),
                ops.attr(A.CRYPTOGRAPHIC_USAGE_MASK, [MASK.DERIVE_KEY])]),
            _secret_data()))
        uids["l4"] = str(secret.uuid)
        c().activate(uids["l2"])
        rec.values.update(uids)
        rec.values["start"] = start
        rec.values["end"] = int(time.time())
        return uids, {"uids": uids, "start": start}
    rec.step("create_fixture", create, store="fixture")


def _secret_data():
    return factory.ObjectFactory().convert(objects.SecretData(
        b"locate secret", enums.SecretDataType.SEED))


def _locate(rec, name, expected_labels, attributes, group=None, **paging):
    c = rec.client

    def action():
        fixture = rec.get("fixture")
        need(fixture)
        filters = list(attributes(fixture))
        if group:
            filters.append(ops.attr(A.OBJECT_GROUP, group))
        found = c().locate(attributes=filters, **paging)
        return ops.same_ids(found, [fixture[x] for x in expected_labels])
    rec.step(name, action)


def _paging(rec, group):
    c = rec.client

    def action():
        fixture = rec.get("fixture")
        need(fixture)
        by_group = [ops.attr(A.OBJECT_GROUP, group)]
        first = c().locate(attributes=by_group, maximum_items=2)
        second = c().locate(attributes=by_group, offset_items=2,
                            maximum_items=2)
        beyond = c().locate(attributes=by_group, offset_items=4)
        middle = c().locate(attributes=by_group, offset_items=1,
                            maximum_items=2)
        check(len(first) == 2, "first page has {}".format(len(first)))
        check(len(second) == 2, "second page has {}".format(len(second)))
        check(beyond == [], "offset 4 gave {}".format(beyond))
        check(len(middle) == 2, "offset 1 max 2 gave {}".format(len(middle)))
        ops.same_ids(first + second, list(fixture.values()), "pages")
        return {"first": first, "second": second, "middle": middle}
    rec.step("locate_offset_and_maximum_items", action)

    def maximum_only():
        need(rec.get("fixture"))
        found = c().locate(attributes=[ops.attr(A.OBJECT_GROUP, group)],
                           maximum_items=1)
        check(len(found) == 1, "maximum 1 gave {}".format(len(found)))
        return {"uids": found}
    rec.step("locate_maximum_items_1", maximum_only)


def run(rec, n):
    group = n("loc-group")
    _fixture(rec, n, group)
    all4 = ["l1", "l2", "l3", "l4"]
    keys = ["l1", "l2", "l3"]
    typ = enums.ObjectType
    alg = enums.CryptographicAlgorithm
    state = enums.State

    _locate(rec, "locate_by_name", ["l1"],
            lambda f: [ops.attr(A.NAME, n("loc-l1"))])
    _locate(rec, "locate_by_name_none", [],
            lambda f: [ops.attr(A.NAME, n("loc-missing"))])
    _locate(rec, "locate_by_unique_identifier", ["l3"],
            lambda f: [ops.attr(A.UNIQUE_IDENTIFIER, f["l3"])])
    _locate(rec, "locate_by_object_group", all4, lambda f: [], group)
    _locate(rec, "locate_by_object_type_symmetric", keys,
            lambda f: [ops.attr(A.OBJECT_TYPE, typ.SYMMETRIC_KEY)], group)
    _locate(rec, "locate_by_object_type_secret_data", ["l4"],
            lambda f: [ops.attr(A.OBJECT_TYPE, typ.SECRET_DATA)], group)
    _locate(rec, "locate_by_algorithm", keys,
            lambda f: [ops.attr(A.CRYPTOGRAPHIC_ALGORITHM, alg.AES)], group)
    _locate(rec, "locate_by_algorithm_none", [],
            lambda f: [ops.attr(A.CRYPTOGRAPHIC_ALGORITHM, alg.RSA)], group)
    _locate(rec, "locate_by_length", ["l2", "l3"],
            lambda f: [ops.attr(A.CRYPTOGRAPHIC_LENGTH, 256)], group)
    _locate(rec, "locate_by_state_active", ["l2"],
            lambda f: [ops.attr(A.STATE, state.ACTIVE)], group)
    _locate(rec, "locate_by_state_pre_active", ["l1", "l3", "l4"],
            lambda f: [ops.attr(A.STATE, state.PRE_ACTIVE)], group)
    _locate(rec, "locate_by_operation_policy_name", all4,
            lambda f: [ops.attr(A.OPERATION_POLICY_NAME, "default")], group)
    _locate(rec, "locate_by_application_specific_information", ["l3"],
            lambda f: [ops.attr(A.APPLICATION_SPECIFIC_INFORMATION, {
                "application_namespace": "interop",
                "application_data": n("loc-app")})])
    _locate(rec, "locate_by_initial_date_range", all4, lambda f: [
        ops.attr(A.INITIAL_DATE, rec.get("start") - 1),
        ops.attr(A.INITIAL_DATE, rec.get("end") + 1)], group)
    _locate(rec, "locate_by_initial_date_range_past", [], lambda f: [
        ops.attr(A.INITIAL_DATE, rec.get("start") - 7200),
        ops.attr(A.INITIAL_DATE, rec.get("start") - 3600)], group)
    _locate(rec, "locate_by_usage_mask_subset", keys,
            lambda f: [ops.attr(A.CRYPTOGRAPHIC_USAGE_MASK, [MASK.ENCRYPT])],
            group)
    _locate(rec, "locate_by_usage_mask_mac", ["l2"], lambda f: [
        ops.attr(A.CRYPTOGRAPHIC_USAGE_MASK, [MASK.MAC_GENERATE])], group)
    _locate(rec, "locate_combined", ["l2"], lambda f: [
        ops.attr(A.OBJECT_TYPE, typ.SYMMETRIC_KEY),
        ops.attr(A.CRYPTOGRAPHIC_ALGORITHM, alg.AES),
        ops.attr(A.CRYPTOGRAPHIC_LENGTH, 256),
        ops.attr(A.STATE, state.ACTIVE)], group)
    _paging(rec, group)

    def cleanup():
        fixture = rec.get("fixture")
        need(fixture)
        rec.client().revoke(enums.RevocationReasonCode.CESSATION_OF_OPERATION,
                            fixture["l2"])
        for uid in fixture.values():
            rec.client().destroy(uid)
        return {}
    rec.step("cleanup_locate", cleanup)
