"""Scenario 'crypto' (ProxyKmipClient): Encrypt/Decrypt (AES-CBC, PKCS5
padding, server-generated and explicit IVs), Sign/SignatureVerify (RSA PSS and
PKCS#1 v1.5 with SHA-256), MAC (HMAC-SHA256), DeriveKey (PBKDF2, HMAC; the
other methods and key wrapping are in crypto_keys.py). Every answer is checked
against a local computation with `cryptography`/hashlib."""

from kmip.core import enums
from kmip.pie import objects

from pykmip_scenarios.common import check
from pykmip_scenarios.common import need
from pykmip_scenarios import crypto_keys
from pykmip_scenarios import material

ALG = enums.CryptographicAlgorithm
MASK = enums.CryptographicUsageMask
DATA = b"The quick brown fox jumps over the lazy dog, interop."
CBC = {"cryptographic_algorithm": ALG.AES,
       "block_cipher_mode": enums.BlockCipherMode.CBC,
       "padding_method": enums.PaddingMethod.PKCS5}


def _symmetric(rec, n):
    c = rec.client

    def create():
        uid = c().create(ALG.AES, 256, name=n("crypto-aes"),
                         cryptographic_usage_mask=[MASK.ENCRYPT, MASK.DECRYPT])
        c().activate(uid)
        key = c().get(uid).value
        rec.values["aes_key"] = key
        return uid, {"uid": uid}
    rec.step("create_active_aes256", create, store="aes")

    def encrypt_random_iv():
        uid, key = rec.get("aes"), rec.get("aes_key")
        need(uid, key)
        params = dict(CBC, random_iv=True)
        cipher_text, iv = c().encrypt(DATA, uid=uid,
                                      cryptographic_parameters=params)
        check(iv is not None and len(iv) == 16, "no 16-byte IV returned")
        check(material.aes_cbc_pkcs5_decrypt(key, iv, cipher_text) == DATA,
              "cipher text does not decrypt locally")
        rec.values["random_iv"] = (cipher_text, iv)
        return {"cipher_text_length": len(cipher_text), "iv": iv}
    rec.step("encrypt_cbc_random_iv", encrypt_random_iv)

    def decrypt_random_iv():
        uid, sealed = rec.get("aes"), rec.get("random_iv")
        need(uid, sealed)
        plain = c().decrypt(sealed[0], uid=uid, cryptographic_parameters=CBC,
                            iv_counter_nonce=sealed[1])
        check(plain == DATA, "decrypted data differs")
        return {"length": len(plain)}
    rec.step("decrypt_cbc_random_iv", decrypt_random_iv)

    def explicit_iv():
        uid, key = rec.get("aes"), rec.get("aes_key")
        need(uid, key)
        iv = b"\x00" * 16
        cipher_text, returned_iv = c().encrypt(
            DATA, uid=uid, cryptographic_parameters=CBC, iv_counter_nonce=iv)
        check(cipher_text == material.aes_cbc_pkcs5_encrypt(key, iv, DATA),
              "cipher text differs from AES-256-CBC with the given IV")
        plain = c().decrypt(cipher_text, uid=uid, cryptographic_parameters=CBC,
                            iv_counter_nonce=iv)
        check(plain == DATA, "decrypted data differs")
        return {"returned_iv": returned_iv}
    rec.step("encrypt_decrypt_cbc_explicit_zero_iv", explicit_iv)

    def pre_active_refused():
        uid = c().create(ALG.AES, 128, name=n("crypto-preactive"))
        rec.values["preactive"] = uid
        c().encrypt(DATA, uid=uid, cryptographic_parameters=CBC,
                    iv_counter_nonce=b"\x00" * 16)
    rec.step("encrypt_pre_active_fails", pre_active_refused,
             expect_failure=True)


def _signatures(rec, n):
    c = rec.client

    def create():
        public, private = c().create_key_pair(
            ALG.RSA, 2048, public_name=n("crypto-verify"),
            public_usage_mask=[MASK.VERIFY], private_name=n("crypto-sign"),
            private_usage_mask=[MASK.SIGN])
        c().activate(public)
        c().activate(private)
        rec.values["public_der"] = c().get(public).value
        rec.values["public"] = public
        return private, {"public": public, "private": private}
    rec.step("create_active_rsa_pair", create, store="private")

    for scheme, padding in (("PSS", enums.PaddingMethod.PSS),
                            ("PKCS1v15", enums.PaddingMethod.PKCS1v15)):
        params = {"cryptographic_algorithm": ALG.RSA,
                  "hashing_algorithm": enums.HashingAlgorithm.SHA_256,
                  "padding_method": padding}

        def sign(scheme=scheme, params=params):
            private, public_der = rec.get("private"), rec.get("public_der")
            need(private, public_der)
            signature = c().sign(DATA, uid=private,
                                 cryptographic_parameters=params)
            check(material.rsa_verify(public_der, signature, DATA, scheme),
                  "signature does not verify locally")
            rec.values["sig_" + scheme] = signature
            return {"signature_length": len(signature)}
        rec.step("sign_rsa_" + scheme.lower() + "_sha256", sign)

        def verify(scheme=scheme, params=params, tamper=False):
            public, signature = rec.get("public"), rec.get("sig_" + scheme)
            need(public, signature)
            message = DATA + (b"!" if tamper else b"")
            validity = c().signature_verify(message, signature, uid=public,
                                            cryptographic_parameters=params)
            wanted = enums.ValidityIndicator.INVALID if tamper else \
                enums.ValidityIndicator.VALID
            check(validity == wanted, "validity {}".format(validity))
            return {"validity": validity}
        rec.step("signature_verify_" + scheme.lower() + "_valid", verify)
        rec.step("signature_verify_" + scheme.lower() + "_tampered",
                 lambda verify=verify: verify(tamper=True))


def _mac_and_derive(rec, n):
    c = rec.client
    hmac_key = material.random_bytes(32)

    def register_hmac():
        key = objects.SymmetricKey(ALG.HMAC_SHA256, 256, hmac_key,
                                   masks=[MASK.MAC_GENERATE])
        key.names = [n("crypto-hmac")]
        uid = c().register(key)
        c().activate(uid)
        return uid, {"uid": uid}
    rec.step("register_active_hmac_key", register_hmac, store="hmac")

    def mac():
        uid = rec.get("hmac")
        need(uid)
        returned, mac_data = c().mac(DATA, uid=uid, algorithm=ALG.HMAC_SHA256)
        check(returned == uid, "answered for {!r}".format(returned))
        check(mac_data == material.hmac_sha256(hmac_key, DATA),
              "MAC differs from HMAC-SHA256")
        return {"mac": mac_data}
    rec.step("mac_hmac_sha256", mac)

    def create_base():
        uid = c().create(ALG.AES, 256, name=n("crypto-derive-base"),
                         cryptographic_usage_mask=[MASK.DERIVE_KEY])
        rec.values["base_key"] = c().get(uid).value
        return uid, {"uid": uid}
    rec.step("create_derivation_base_key", create_base, store="base")

    def pbkdf2():
        base, base_key = rec.get("base"), rec.get("base_key")
        need(base, base_key)
        uid = c().derive_key(
            enums.ObjectType.SYMMETRIC_KEY, [base],
            enums.DerivationMethod.PBKDF2,
            {"cryptographic_parameters": {
                "hashing_algorithm": enums.HashingAlgorithm.SHA_256},
             "salt": b"interop-salt", "iteration_count": 1000},
            cryptographic_length=256, cryptographic_algorithm=ALG.AES)
        rec.values["derived_pbkdf2"] = uid
        derived = c().get(uid)
        check(derived.value == material.pbkdf2_sha256(
            base_key, b"interop-salt", 1000, 32), "derived key differs")
        check(derived.cryptographic_length == 256, "length")
        return {"uid": uid}
    rec.step("derive_key_pbkdf2", pbkdf2)

    def hmac_derive():
        base = rec.get("base")
        need(base)
        uid = c().derive_key(
            enums.ObjectType.SECRET_DATA, [base], enums.DerivationMethod.HMAC,
            {"cryptographic_parameters": {
                "hashing_algorithm": enums.HashingAlgorithm.SHA_256},
             "derivation_data": b"interop-info", "salt": b"interop-salt"},
            cryptographic_length=128)
        rec.values["derived_hmac"] = uid
        derived = c().get(uid)
        check(len(derived.value) == 16, "derived {} bytes".format(
            len(derived.value)))
        return {"uid": uid, "object_type": derived.object_type}
    rec.step("derive_key_hmac_secret_data", hmac_derive)


def _cleanup(rec):
    c = rec.client
    for key in ("aes", "preactive", "private", "public", "hmac", "base",
                "derived_pbkdf2", "derived_hmac") + crypto_keys.CREATED:
        uid = rec.get(key)
        if not uid:
            continue
        try:
            c().revoke(enums.RevocationReasonCode.CESSATION_OF_OPERATION, uid)
        except Exception:  # not Active: nothing to revoke
            pass
        c().destroy(uid)
    return {}


def run(rec, n):
    _symmetric(rec, n)
    _signatures(rec, n)
    _mac_and_derive(rec, n)
    crypto_keys.run(rec, n)
    rec.step("cleanup_crypto", lambda: _cleanup(rec))
