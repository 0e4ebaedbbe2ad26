"""Scenario 'attributes' (ProxyKmipClient): ModifyAttribute and
DeleteAttribute in their 1.x form (Name at index 0), SetAttribute (a KMIP 2.0
operation, sent at 2.0), read-only and required attributes refused, several
Names, Object Group and Application Specific Information on Create, and
custom x- attributes (which PyKMIP's own server refuses). The client offers
no AddAttribute in this version."""

from kmip.core import enums

from pykmip_scenarios.common import attributes_to_json
from pykmip_scenarios.common import check
from pykmip_scenarios.common import need
from pykmip_scenarios import ops

A = ops.A
CUSTOM_NAME = "x-interop-bucket"


def _modify_delete(rec, n):
    c = rec.client

    def create():
        uid = c().create(enums.CryptographicAlgorithm.AES, 128,
                         name=n("attr-first"))
        return uid, {"uid": uid}
    rec.step("create_named_key", create, store="key")

    def with_key(call):
        def action():
            uid = rec.get("key")
            need(uid)
            return call(uid)
        return action

    def modify_name(uid):
        returned, attribute = c().modify_attribute(
            unique_identifier=uid,
            attribute=ops.attr(A.NAME, n("attr-second"), 0))
        check(returned == uid, "answered for {!r}".format(returned))
        return {"uid": returned,
                "attribute": attributes_to_json([attribute])
                if attribute is not None else None}
    rec.step("modify_attribute_name", with_key(modify_name))
    rec.step("name_after_modify", with_key(lambda uid: _expect_names(
        c(), uid, [n("attr-second")])))
    rec.step("locate_modified_name", with_key(lambda uid: ops.same_ids(
        c().locate(attributes=[ops.attr(A.NAME, n("attr-second"))]), [uid])))
    rec.step("locate_old_name_empty", lambda: ops.same_ids(
        c().locate(attributes=[ops.attr(A.NAME, n("attr-first"))]), []))
    rec.step("modify_read_only_fails", with_key(lambda uid: c(
    ).modify_attribute(unique_identifier=uid, attribute=ops.attr(
        A.CRYPTOGRAPHIC_ALGORITHM, enums.CryptographicAlgorithm.RSA))),
        expect_failure=True)
    rec.step("modify_missing_index_fails", with_key(lambda uid: c(
    ).modify_attribute(unique_identifier=uid, attribute=ops.attr(
        A.NAME, n("attr-third"), 5))), expect_failure=True)

    def delete_name(uid):
        returned, attribute = c().delete_attribute(
            unique_identifier=uid, attribute_name="Name", attribute_index=0)
        check(returned == uid, "answered for {!r}".format(returned))
        return {"uid": returned}
    rec.step("delete_attribute_name", with_key(delete_name))
    rec.step("name_after_delete", with_key(lambda uid: _expect_names(
        c(), uid, [])))
    rec.step("delete_required_fails", with_key(lambda uid: c(
    ).delete_attribute(unique_identifier=uid,
                       attribute_name="Cryptographic Algorithm",
                       attribute_index=0)), expect_failure=True)

    def set_sensitive(uid):
        client = rec.client(version="2.0")
        returned = client.set_attribute(
            unique_identifier=uid, attribute_name="Sensitive",
            attribute_value=True)
        check(returned == uid, "answered for {!r}".format(returned))
        return {"uid": returned}
    rec.step("set_attribute_sensitive_kmip20", with_key(set_sensitive))

    def read_sensitive(uid):
        attrs = ops.get_attrs(rec.client(version="1.4"), uid, ["Sensitive"])
        check(attrs.get("Sensitive") == [True], "Sensitive {!r}".format(
            attrs.get("Sensitive")))
        return {"attributes": attrs}
    rec.step("sensitive_after_set_kmip14", with_key(read_sensitive))
    rec.step("destroy_named_key", with_key(lambda uid: c().destroy(uid)))


def _expect_names(client, uid, names):
    attrs = ops.get_attrs(client, uid, ["Name"])
    check(attrs.get("Name", []) == names, "Name {!r}, expected {!r}".format(
        attrs.get("Name"), names))
    return {"names": attrs.get("Name", [])}


def _create_attributes(rec, n, tag):
    c = rec.client
    group = n("attr-group")
    info = {"application_namespace": "interop",
            "application_data": n("attr-app")}

    def create_rich():
        uid = ops.proxy_create(c(), ops.aes_template(
            256, names=[n("attr-rich-0"), n("attr-rich-1")], extra=[
                ops.attr(A.OBJECT_GROUP, group),
                ops.attr(A.APPLICATION_SPECIFIC_INFORMATION, info)]))
        return uid, {"uid": uid}
    rec.step("create_with_names_group_app_info", create_rich, store="rich")

    def read_rich():
        uid = rec.get("rich")
        need(uid)
        attrs = ops.get_attrs(c(), uid, [
            "Name", "Object Group", "Application Specific Information"])
        check(attrs.get("Name") == [n("attr-rich-0"), n("attr-rich-1")],
              "Name {!r}".format(attrs.get("Name")))
        check(attrs.get("Object Group") == [group], "Object Group {!r}".format(
            attrs.get("Object Group")))
        check(attrs.get("Application Specific Information") == [info],
              "Application Specific Information {!r}".format(
                  attrs.get("Application Specific Information")))
        return {"attributes": attrs}
    rec.step("get_names_group_app_info", read_rich)

    def delete_group():
        uid = rec.get("rich")
        need(uid)
        c().delete_attribute(unique_identifier=uid,
                             attribute_name="Object Group", attribute_index=0)
        attrs = ops.get_attrs(c(), uid, ["Object Group"])
        check("Object Group" not in attrs, "Object Group still there")
        return {}
    rec.step("delete_attribute_object_group", delete_group)

    def create_custom():
        uid = ops.proxy_create(c(), ops.aes_template(
            256, names=[n("attr-custom")],
            extra=[ops.attr(CUSTOM_NAME, "bucket-" + tag)]))
        return uid, {"uid": uid}
    rec.step("create_with_custom_attribute", create_custom, store="custom")

    def read_custom(names):
        def action():
            uid = rec.get("custom")
            need(uid)
            attrs = ops.get_attrs(c(), uid, names)
            check(attrs.get(CUSTOM_NAME) == ["bucket-" + tag],
                  "{} is {!r}".format(CUSTOM_NAME, attrs.get(CUSTOM_NAME)))
            return {"attributes": attrs}
        return action
    rec.step("get_custom_attribute_named", read_custom([CUSTOM_NAME]))
    rec.step("get_custom_attribute_in_all", read_custom(None))

    def list_custom():
        uid = rec.get("custom")
        need(uid)
        names = c().get_attribute_list(uid)
        check(CUSTOM_NAME in names, "not listed: {}".format(names))
        return {"names": names}
    rec.step("get_attribute_list_custom", list_custom)

    def locate_custom():
        uid = rec.get("custom")
        need(uid)
        return ops.same_ids(c().locate(attributes=[
            ops.attr(CUSTOM_NAME, "bucket-" + tag)]), [uid])
    rec.step("locate_custom_attribute", locate_custom)

    def cleanup():
        for key in ("rich", "custom"):
            if rec.get(key):
                c().destroy(rec.get(key))
        return {}
    rec.step("cleanup_attributes", cleanup)


def run(rec, n):
    _modify_delete(rec, n)
    _create_attributes(rec, n, rec.config["tag"])
