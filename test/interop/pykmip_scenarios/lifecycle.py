"""Scenario 'lifecycle' (ProxyKmipClient): Create AES 128/256 with a name and
an operation policy name, CreateKeyPair RSA 2048, Get, GetAttributes (all and
named), GetAttributeList, Activate, Revoke for every reason, Destroy, Get
after Destroy, then ReKey and Check (which the client offers)."""

import time

from kmip.core import enums

from pykmip_scenarios.common import check
from pykmip_scenarios.common import need
from pykmip_scenarios import ops

ALG = enums.CryptographicAlgorithm
MASK = enums.CryptographicUsageMask
REASON = enums.RevocationReasonCode
STANDARD_ATTRIBUTES = [
    "Cryptographic Algorithm", "Cryptographic Length",
    "Cryptographic Usage Mask", "Initial Date", "Name", "Object Type",
    "Operation Policy Name", "State", "Unique Identifier",
]


def _get_key(rec, key, object_type, algorithm, length, value_length=None):
    uid = rec.get(key)
    need(uid)
    obj = rec.client().get(uid)
    check(obj.object_type == object_type,
          "object type {}".format(obj.object_type))
    check(obj.cryptographic_algorithm == algorithm,
          "algorithm {}".format(obj.cryptographic_algorithm))
    check(obj.cryptographic_length == length,
          "length {}".format(obj.cryptographic_length))
    if value_length is not None:
        check(len(obj.value) == value_length,
              "key material is {} bytes".format(len(obj.value)))
    return {"object_type": obj.object_type, "algorithm": algorithm,
            "length": obj.cryptographic_length,
            "key_format_type": obj.key_format_type,
            "value_length": len(obj.value)}


def _symmetric(rec, n):
    c = rec.client

    def create(length):
        def action():
            uid = c().create(ALG.AES, length, operation_policy_name="default",
                             name=n("aes{}".format(length)))
            check(isinstance(uid, str) and uid, "no unique identifier")
            return uid, {"uid": uid}
        return action
    rec.step("create_aes128", create(128), store="k128")
    rec.step("create_aes256", create(256), store="k256")
    rec.step("get_aes128", lambda: _get_key(
        rec, "k128", enums.ObjectType.SYMMETRIC_KEY, ALG.AES, 128, 16))
    rec.step("get_aes256", lambda: _get_key(
        rec, "k256", enums.ObjectType.SYMMETRIC_KEY, ALG.AES, 256, 32))

    def get_attributes_all():
        uid = rec.get("k128")
        need(uid)
        attrs = ops.get_attrs(c(), uid)
        expected = {
            "Unique Identifier": uid, "Object Type": "SYMMETRIC_KEY",
            "Cryptographic Algorithm": "AES", "Cryptographic Length": 128,
            "State": "PRE_ACTIVE", "Operation Policy Name": "default",
            "Cryptographic Usage Mask": ops.mask_value(
                [MASK.ENCRYPT, MASK.DECRYPT]),
        }
        for name, value in expected.items():
            actual = ops.one(attrs, name)
            check(actual == value, "{} is {!r}, expected {!r}".format(
                name, actual, value))
        check(attrs.get("Name") == [n("aes128")], "Name {!r}".format(
            attrs.get("Name")))
        check(isinstance(ops.one(attrs, "Initial Date"), int),
              "Initial Date missing")
        return {"attributes": attrs}
    rec.step("get_attributes_all", get_attributes_all)

    def get_attributes_named():
        uid = rec.get("k128")
        need(uid)
        attrs = ops.get_attrs(c(), uid, ["State", "Cryptographic Length"])
        check(sorted(attrs) == ["Cryptographic Length", "State"],
              "returned {}".format(sorted(attrs)))
        check(ops.one(attrs, "Cryptographic Length") == 128, "length")
        return {"attributes": attrs}
    rec.step("get_attributes_named", get_attributes_named)

    def get_attribute_list():
        uid = rec.get("k128")
        need(uid)
        names = c().get_attribute_list(uid)
        missing = [x for x in STANDARD_ATTRIBUTES if x not in names]
        check(not missing, "missing {}".format(missing))
        return {"names": names}
    rec.step("get_attribute_list", get_attribute_list)

    def with_uid(key, call):
        def action():
            uid = rec.get(key)
            need(uid)
            return call(uid)
        return action

    rec.step("activate", with_uid("k128", lambda u: c().activate(u)))
    rec.step("state_active", with_uid(
        "k128", lambda u: ops.expect_state(c(), u, "ACTIVE")))
    rec.step("activate_twice_fails", with_uid(
        "k128", lambda u: c().activate(u)), expect_failure=True)
    rec.step("destroy_active_fails", with_uid(
        "k128", lambda u: c().destroy(u)), expect_failure=True)
    rec.step("revoke_cessation", with_uid("k128", lambda u: c().revoke(
        REASON.CESSATION_OF_OPERATION, u, revocation_message="interop")))
    rec.step("state_deactivated", with_uid(
        "k128", lambda u: ops.expect_state(c(), u, "DEACTIVATED")))
    rec.step("destroy_deactivated", with_uid("k128", lambda u: c().destroy(u)))
    rec.step("get_after_destroy", with_uid("k128", lambda u: c().get(u)),
             expect_failure=("ITEM_NOT_FOUND",))
    rec.step("get_attributes_after_destroy", with_uid(
        "k128", lambda u: c().get_attributes(u)),
        expect_failure=("ITEM_NOT_FOUND",))
    rec.step("destroy_twice_fails", with_uid(
        "k128", lambda u: c().destroy(u)), expect_failure=("ITEM_NOT_FOUND",))
    rec.step("revoke_preactive_non_compromise_fails", with_uid(
        "k256", lambda u: c().revoke(REASON.CESSATION_OF_OPERATION, u)),
        expect_failure=True)
    rec.step("revoke_preactive_key_compromise", with_uid(
        "k256", lambda u: c().revoke(
            REASON.KEY_COMPROMISE, u, revocation_message="leaked",
            compromise_occurrence_date=int(time.time()) - 60)))
    rec.step("state_compromised", with_uid(
        "k256", lambda u: ops.expect_state(c(), u, "COMPROMISED")))
    rec.step("destroy_compromised", with_uid("k256", lambda u: c().destroy(u)))
    rec.step("get_after_destroy_compromised", with_uid(
        "k256", lambda u: c().get(u)), expect_failure=("ITEM_NOT_FOUND",))


def _revoke_reasons(rec, n):
    """Each reason on an Active key: compromise reasons (KMIP 1.x §4.20)
    lead to Compromised, the others to Deactivated."""
    c = rec.client
    for reason in REASON:
        compromised = reason in (REASON.KEY_COMPROMISE, REASON.CA_COMPROMISE)
        target = "COMPROMISED" if compromised else "DEACTIVATED"

        def action(reason=reason, target=target):
            uid = c().create(ALG.AES, 128, name=n("revoke-" + reason.name))
            c().activate(uid)
            c().revoke(reason, uid, compromise_occurrence_date=(
                int(time.time()) if compromised else None))
            detail = ops.expect_state(c(), uid, target)
            c().destroy(uid)
            return detail
        rec.step("revoke_active_" + reason.name.lower(), action)


def _key_pair(rec, n):
    c = rec.client

    def create():
        public, private = c().create_key_pair(
            ALG.RSA, 2048, operation_policy_name="default",
            public_name=n("rsa-public"), public_usage_mask=[MASK.VERIFY],
            private_name=n("rsa-private"), private_usage_mask=[MASK.SIGN])
        check(public and private and public != private, "uids")
        rec.values["public"] = public
        return private, {"public": public, "private": private}
    rec.step("create_key_pair_rsa2048", create, store="private")
    rec.step("get_public_key", lambda: _get_key(
        rec, "public", enums.ObjectType.PUBLIC_KEY, ALG.RSA, 2048))
    rec.step("get_private_key", lambda: _get_key(
        rec, "private", enums.ObjectType.PRIVATE_KEY, ALG.RSA, 2048))

    def attributes(key, object_type, name, mask):
        def action():
            uid = rec.get(key)
            need(uid)
            attrs = ops.get_attrs(c(), uid)
            check(ops.one(attrs, "Object Type") == object_type, "type")
            check(attrs.get("Name") == [n(name)], "Name {!r}".format(
                attrs.get("Name")))
            check(ops.one(attrs, "Cryptographic Usage Mask") == mask.value,
                  "usage mask")
            check(ops.one(attrs, "Cryptographic Length") == 2048, "length")
            return {"attributes": attrs}
        return action
    rec.step("get_attributes_public_key", attributes(
        "public", "PUBLIC_KEY", "rsa-public", MASK.VERIFY))
    rec.step("get_attributes_private_key", attributes(
        "private", "PRIVATE_KEY", "rsa-private", MASK.SIGN))
    for key in ("public", "private"):
        def destroy(key=key):
            need(rec.get(key))
            c().destroy(rec.get(key))
        rec.step("destroy_" + key + "_key", destroy)


def _rekey_and_check(rec, n):
    c = rec.client

    def source():
        uid = c().create(ALG.AES, 256, name=n("rekey-source"))
        c().activate(uid)
        return uid, {"uid": uid}
    rec.step("create_rekey_source", source, store="rekey_source")

    def rekey():
        uid = rec.get("rekey_source")
        need(uid)
        new_uid = c().rekey(uid=uid, offset=0)
        check(new_uid and new_uid != uid,
              "rekey returned {!r}".format(new_uid))
        obj = c().get(new_uid)
        check(obj.cryptographic_length == 256 and len(obj.value) == 32,
              "replacement key is not AES-256")
        return new_uid, {"uid": new_uid}
    rec.step("rekey", rekey, store="rekeyed")

    def check_usage():
        uid = rec.get("rekey_source")
        need(uid)
        answered = c().check(uid=uid, cryptographic_usage_mask=[MASK.ENCRYPT])
        check(answered == uid, "check answered {!r}".format(answered))
        return {"uid": answered}
    rec.step("check", check_usage)

    def cleanup():
        for key in ("rekey_source", "rekeyed"):
            uid = rec.get(key)
            if uid:
                try:  # a pre-active replacement cannot be revoked this way
                    c().revoke(REASON.CESSATION_OF_OPERATION, uid)
                except Exception:
                    pass
                c().destroy(uid)
        return {}
    rec.step("cleanup_rekey", cleanup)


def run(rec, n):
    _symmetric(rec, n)
    _revoke_reasons(rec, n)
    _key_pair(rec, n)
    _rekey_and_check(rec, n)
