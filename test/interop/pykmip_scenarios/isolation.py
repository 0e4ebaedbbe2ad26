"""Scenario 'isolation' (ProxyKmipClient, two identities): objects created by
identity A (certfile/keyfile) under the 'default' policy are invisible to
identity B (certfile2/keyfile2), except what that policy opens to all
(Public Key Get/Locate...). An object under the policy 'interop-shared'
(a policy file the server is started with, see test/interop/interop-policy.ts)
can be read by B but not destroyed.

PyKMIP's server answers B's Get on A's key with Permission Denied (it "feigns
ignorance": message "Could not locate object"); the failing steps record the
reason they saw in detail.reason."""

from kmip.core import enums

from pykmip_scenarios.common import need
from pykmip_scenarios import ops

ALG = enums.CryptographicAlgorithm
SHARED_POLICY = "interop-shared"


def run(rec, n):
    a = rec.client

    def b():
        return rec.client(identity="b")

    def create():
        uid = a().create(ALG.AES, 256, name=n("iso-a"))
        public, private = a().create_key_pair(
            ALG.RSA, 2048, public_name=n("iso-public"),
            public_usage_mask=[enums.CryptographicUsageMask.VERIFY],
            private_name=n("iso-private"),
            private_usage_mask=[enums.CryptographicUsageMask.SIGN])
        shared = a().create(ALG.AES, 128, name=n("iso-shared"),
                            operation_policy_name=SHARED_POLICY)
        ids = {"key": uid, "public": public, "private": private,
               "shared": shared}
        return ids, ids
    rec.step("a_create_objects", create, store="ids")

    def on(key, call):
        def action():
            ids = rec.get("ids")
            need(ids)
            return call(ids[key])
        return action

    rec.step("b_get_fails", on("key", lambda u: b().get(u)),
             expect_failure=True)
    rec.step("b_get_attributes_fails", on(
        "key", lambda u: b().get_attributes(u)), expect_failure=True)
    rec.step("b_get_attribute_list_fails", on(
        "key", lambda u: b().get_attribute_list(u)), expect_failure=True)
    rec.step("b_activate_fails", on("key", lambda u: b().activate(u)),
             expect_failure=True)
    rec.step("b_revoke_fails", on("key", lambda u: b().revoke(
        enums.RevocationReasonCode.KEY_COMPROMISE, u)), expect_failure=True)
    rec.step("b_destroy_fails", on("key", lambda u: b().destroy(u)),
             expect_failure=True)
    rec.step("b_locate_by_name_empty", on("key", lambda u: ops.same_ids(
        b().locate(attributes=[ops.attr(ops.A.NAME, n("iso-a"))]), [])))
    rec.step("b_locate_by_uid_empty", on("key", lambda u: ops.same_ids(
        b().locate(attributes=[ops.attr(ops.A.UNIQUE_IDENTIFIER, u)]), [])))
    rec.step("b_get_private_key_fails", on(
        "private", lambda u: b().get(u)), expect_failure=True)
    rec.step("b_get_public_key_allowed", on("public", lambda u: {
        "object_type": b().get(u).object_type}))
    rec.step("b_get_shared_policy_allowed", on("shared", lambda u: {
        "value_length": len(b().get(u).value)}))
    rec.step("b_destroy_shared_policy_fails", on(
        "shared", lambda u: b().destroy(u)), expect_failure=True)
    rec.step("a_still_sees_key", on("key", lambda u: {
        "state": ops.state_of(a(), u)}))
    rec.step("a_locate_by_name", on("key", lambda u: ops.same_ids(
        a().locate(attributes=[ops.attr(ops.A.NAME, n("iso-a"))]), [u])))

    def cleanup():
        ids = rec.get("ids")
        need(ids)
        for uid in ids.values():
            a().destroy(uid)
        return {}
    rec.step("cleanup_isolation", cleanup)
