"""More of scenario 'crypto' (ProxyKmipClient): DeriveKey with every method
pykmip-server implements (HASH, HMAC = HKDF, ENCRYPT, NIST 800-108 counter
mode; PBKDF2 is in crypto.py) and one it does not (NIST 800-108 feedback mode,
refused), Get wrapped with AES key wrap (RFC 3394, checked with
`cryptography`'s aes_key_unwrap), Register of that wrapped key and Encrypt
with it. Every derived or wrapped value is checked against a local
computation."""

import hashlib

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import keywrap
from cryptography.hazmat.primitives.kdf import hkdf
from cryptography.hazmat.primitives.kdf import kbkdf

from kmip.core import enums
from kmip.pie import objects

from pykmip_scenarios.common import check
from pykmip_scenarios.common import need
from pykmip_scenarios import material

ALG = enums.CryptographicAlgorithm
MASK = enums.CryptographicUsageMask
DM = enums.DerivationMethod
SHA256 = {"hashing_algorithm": enums.HashingAlgorithm.SHA_256}
DATA = b"The quick brown fox jumps over the lazy dog, interop."
CBC = {"cryptographic_algorithm": ALG.AES,
       "block_cipher_mode": enums.BlockCipherMode.CBC,
       "padding_method": enums.PaddingMethod.PKCS5}
ZERO_IV = b"\x00" * 16
INFO = b"interop-info"
# What KMIP-side wrapping with NIST key wrap looks like to PyKMIP's client.
NIST_WRAP = {
    "wrapping_method": enums.WrappingMethod.ENCRYPT,
    "encryption_key_information": {
        "unique_identifier": None,
        "cryptographic_parameters": {
            "block_cipher_mode": enums.BlockCipherMode.NIST_KEY_WRAP}},
    "encoding_option": enums.EncodingOption.NO_ENCODING,
}

# Keys this module creates, destroyed by crypto.py's cleanup step.
CREATED = ("derived_hash", "derived_hkdf", "derived_encrypt",
           "derived_kbkdf", "wrapping", "to_wrap", "registered_wrapped")


def _local_hkdf(key):
    return hkdf.HKDF(algorithm=hashes.SHA256(), length=32,
                     salt=b"interop-salt", info=INFO).derive(key)


def _local_kbkdf(key):
    return kbkdf.KBKDFHMAC(
        algorithm=hashes.SHA256(), mode=kbkdf.Mode.CounterMode, length=32,
        rlen=4, llen=None, location=kbkdf.CounterLocation.BeforeFixed,
        label=None, context=None, fixed=INFO).derive(key)


def _derive_methods(rec, n):
    c = rec.client
    cases = (
        ("hash", DM.HASH, {"cryptographic_parameters": SHA256},
         lambda key: hashlib.sha256(key).digest()),
        ("hmac_symmetric_key", DM.HMAC,
         {"cryptographic_parameters": SHA256, "salt": b"interop-salt",
          "derivation_data": INFO}, _local_hkdf),
        ("encrypt_aes_cbc", DM.ENCRYPT,
         {"cryptographic_parameters": CBC, "initialization_vector": ZERO_IV,
          "derivation_data": DATA[:32]},
         lambda key: material.aes_cbc_pkcs5_encrypt(key, ZERO_IV,
                                                    DATA[:32])[:32]),
        ("nist800_108_counter", DM.NIST800_108_C,
         {"cryptographic_parameters": SHA256, "derivation_data": INFO},
         _local_kbkdf),
    )
    stores = ("derived_hash", "derived_hkdf", "derived_encrypt",
              "derived_kbkdf")
    for (label, method, params, local), store in zip(cases, stores):
        def derive(method=method, params=params, local=local, store=store):
            base, base_key = rec.get("base"), rec.get("base_key")
            need(base, base_key)
            uid = c().derive_key(
                enums.ObjectType.SYMMETRIC_KEY, [base], method, params,
                cryptographic_length=256, cryptographic_algorithm=ALG.AES)
            rec.values[store] = uid
            derived = c().get(uid)
            check(derived.value == local(base_key),
                  "derived key differs from the local computation")
            return {"uid": uid, "length": derived.cryptographic_length}
        rec.step("derive_key_" + label, derive)

    def unsupported():
        base = rec.get("base")
        need(base)
        c().derive_key(
            enums.ObjectType.SYMMETRIC_KEY, [base], DM.NIST800_108_F,
            {"cryptographic_parameters": SHA256, "derivation_data": INFO},
            cryptographic_length=256, cryptographic_algorithm=ALG.AES)
    rec.step("derive_key_nist800_108_feedback_fails", unsupported,
             expect_failure=True)


def _wrap_spec(wrapping_uid):
    spec = dict(NIST_WRAP)
    spec["encryption_key_information"] = dict(
        NIST_WRAP["encryption_key_information"],
        unique_identifier=wrapping_uid)
    return spec


def _wrapping(rec, n):
    c = rec.client

    def create_wrapping():
        uid = c().create(ALG.AES, 256, name=n("crypto-kek"),
                         cryptographic_usage_mask=[MASK.WRAP_KEY,
                                                   MASK.UNWRAP_KEY])
        c().activate(uid)
        rec.values["kek"] = c().get(uid).value
        return uid, {"uid": uid}
    rec.step("create_active_aes_wrapping_key", create_wrapping,
             store="wrapping")

    def create_to_wrap():
        uid = c().create(ALG.AES, 128, name=n("crypto-to-wrap"),
                         cryptographic_usage_mask=[MASK.ENCRYPT,
                                                   MASK.DECRYPT])
        rec.values["plain_key"] = c().get(uid).value
        return uid, {"uid": uid}
    rec.step("create_aes128_key_to_wrap", create_to_wrap, store="to_wrap")

    def get_wrapped():
        wrapping, uid = rec.get("wrapping"), rec.get("to_wrap")
        kek, plain = rec.get("kek"), rec.get("plain_key")
        need(wrapping, uid, kek, plain)
        wrapped = c().get(uid, key_wrapping_specification=_wrap_spec(
            wrapping))
        data = wrapped.key_wrapping_data or {}
        check(data.get("wrapping_method") == enums.WrappingMethod.ENCRYPT,
              "no Key Wrapping Data with Wrapping Method Encrypt")
        check(len(wrapped.value) == len(plain) + 8,
              "wrapped {} bytes".format(len(wrapped.value)))
        check(keywrap.aes_key_unwrap(kek, wrapped.value) == plain,
              "the wrapped bytes do not unwrap to the key")
        rec.values["wrapped_bytes"] = wrapped.value
        return {"wrapped": wrapped.value}
    rec.step("get_wrapped_nist_key_wrap", get_wrapped)

    def register_wrapped():
        wrapping, wrapped = rec.get("wrapping"), rec.get("wrapped_bytes")
        need(wrapping, wrapped)
        key = objects.SymmetricKey(
            ALG.AES, 128, wrapped, masks=[MASK.ENCRYPT, MASK.DECRYPT],
            key_wrapping_data=_wrap_spec(wrapping))
        key.names = [n("crypto-registered-wrapped")]
        uid = c().register(key)
        c().activate(uid)
        return uid, {"uid": uid}
    rec.step("register_wrapped_key", register_wrapped,
             store="registered_wrapped")

    def get_registered():
        uid, wrapped = rec.get("registered_wrapped"), rec.get("wrapped_bytes")
        need(uid, wrapped)
        got = c().get(uid)
        check(got.value == wrapped, "the registered key is not kept wrapped")
        check(bool(got.key_wrapping_data), "no Key Wrapping Data")
        return {"length": len(got.value)}
    rec.step("get_registered_wrapped_key", get_registered)

    def encrypt_with_it():
        uid, plain = rec.get("registered_wrapped"), rec.get("plain_key")
        need(uid, plain)
        cipher_text, _ = c().encrypt(DATA, uid=uid,
                                     cryptographic_parameters=CBC,
                                     iv_counter_nonce=ZERO_IV)
        check(cipher_text == material.aes_cbc_pkcs5_encrypt(
            plain, ZERO_IV, DATA),
            "cipher text differs from AES-128-CBC under the unwrapped key")
        return {"cipher_text_length": len(cipher_text)}
    rec.step("encrypt_with_registered_wrapped_key", encrypt_with_it)


def run(rec, n):
    _derive_methods(rec, n)
    _wrapping(rec, n)
