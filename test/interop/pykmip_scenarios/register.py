"""Scenario 'register' (ProxyKmipClient): Register one object of each type the
pie objects offer (SymmetricKey, PublicKey, PrivateKey, X509Certificate,
SecretData, OpaqueObject, SplitKey), Get it back byte for byte, read its
Object Type and Name, Destroy it."""

from kmip.core import enums
from kmip.pie import objects

from pykmip_scenarios.common import check
from pykmip_scenarios.common import need
from pykmip_scenarios import material
from pykmip_scenarios import ops

ALG = enums.CryptographicAlgorithm
MASK = enums.CryptographicUsageMask
TYPE = enums.ObjectType


def _build_objects(n):
    rsa = material.RsaMaterial("interop-register")
    built = []

    def add(label, obj, object_type, fields):
        obj.names = [n("reg-" + label)]
        if hasattr(obj, "operation_policy_name"):
            obj.operation_policy_name = "default"
        built.append((label, obj, object_type, fields))

    add("symmetric_key", objects.SymmetricKey(
        ALG.AES, 256, material.random_bytes(32),
        masks=[MASK.ENCRYPT, MASK.DECRYPT]), TYPE.SYMMETRIC_KEY,
        ("cryptographic_algorithm", "cryptographic_length", "key_format_type"))
    add("public_key", objects.PublicKey(
        ALG.RSA, 2048, rsa.public_spki_der, enums.KeyFormatType.X_509,
        masks=[MASK.VERIFY]), TYPE.PUBLIC_KEY,
        ("cryptographic_algorithm", "cryptographic_length", "key_format_type"))
    add("private_key", objects.PrivateKey(
        ALG.RSA, 2048, rsa.private_pkcs8_der, enums.KeyFormatType.PKCS_8,
        masks=[MASK.SIGN]), TYPE.PRIVATE_KEY,
        ("cryptographic_algorithm", "cryptographic_length", "key_format_type"))
    add("certificate", objects.X509Certificate(rsa.certificate_der),
        TYPE.CERTIFICATE, ("certificate_type",))
    add("secret_data", objects.SecretData(
        b"interop secret password", enums.SecretDataType.PASSWORD,
        masks=[MASK.DERIVE_KEY]), TYPE.SECRET_DATA, ("data_type",))
    add("opaque_object", objects.OpaqueObject(
        b"\x00\x01opaque interop blob\xff", enums.OpaqueDataType.NONE),
        TYPE.OPAQUE_DATA, ("opaque_type",))
    add("split_key", objects.SplitKey(
        cryptographic_algorithm=ALG.AES, cryptographic_length=128,
        key_value=material.random_bytes(16),
        cryptographic_usage_masks=[MASK.ENCRYPT, MASK.DECRYPT],
        split_key_parts=3, key_part_identifier=1, split_key_threshold=2,
        split_key_method=enums.SplitKeyMethod.XOR), TYPE.SPLIT_KEY,
        ("cryptographic_algorithm", "cryptographic_length", "split_key_parts",
         "key_part_identifier", "split_key_threshold", "split_key_method"))
    return built


def run(rec, n):
    c = rec.client
    built = []

    def prepare():
        built.extend(_build_objects(n))
        return {"objects": [label for label, _, _, _ in built]}
    rec.step("prepare_material", prepare)

    for label, obj, object_type, fields in built:
        def register(obj=obj):
            uid = c().register(obj)
            check(isinstance(uid, str) and uid, "no unique identifier")
            return uid, {"uid": uid}
        rec.step("register_" + label, register, store=label)

        def get(label=label, obj=obj, object_type=object_type, fields=fields):
            uid = rec.get(label)
            need(uid)
            got = c().get(uid)
            check(got.object_type == object_type,
                  "object type {}".format(got.object_type))
            check(got.value == obj.value, "value differs from the registered")
            detail = {"object_type": got.object_type,
                      "value_length": len(got.value)}
            for field in fields:
                actual, expected = getattr(got, field), getattr(obj, field)
                check(actual == expected, "{} is {!r}, registered {!r}".format(
                    field, actual, expected))
                detail[field] = actual
            return detail
        rec.step("get_" + label, get)

        def attributes(label=label, object_type=object_type):
            uid = rec.get(label)
            need(uid)
            attrs = ops.get_attrs(c(), uid)
            check(ops.one(attrs, "Object Type") == object_type.name, "type")
            check(attrs.get("Name") == [n("reg-" + label)],
                  "Name {!r}".format(attrs.get("Name")))
            check(ops.one(attrs, "Unique Identifier") == uid, "uid")
            return {"attributes": attrs}
        rec.step("get_attributes_" + label, attributes)

        def locate(label=label):
            uid = rec.get(label)
            need(uid)
            found = c().locate(attributes=[
                ops.attr(ops.A.NAME, n("reg-" + label))])
            return ops.same_ids(found, [uid])
        rec.step("locate_" + label, locate)

        def destroy(label=label):
            uid = rec.get(label)
            need(uid)
            c().destroy(uid)
        rec.step("destroy_" + label, destroy)
