"""Key material made on the client side with the `cryptography` module (a
dependency of python3-pykmip, so always present next to it), plus the local
reference computations the crypto steps compare the server's answers with."""

import datetime
import hashlib
import hmac
import os

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import padding as sym_padding
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers import Cipher
from cryptography.hazmat.primitives.ciphers import algorithms
from cryptography.hazmat.primitives.ciphers import modes
from cryptography.x509.oid import NameOID


class RsaMaterial(object):
    """An RSA 2048 key pair and a self-signed certificate over it."""

    def __init__(self, common_name):
        self.key = rsa.generate_private_key(public_exponent=65537,
                                            key_size=2048)
        self.private_pkcs8_der = self.key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption())
        self.public_spki_der = self.key.public_key().public_bytes(
            serialization.Encoding.DER,
            serialization.PublicFormat.SubjectPublicKeyInfo)
        self.public_pkcs1_der = self.key.public_key().public_bytes(
            serialization.Encoding.DER,
            serialization.PublicFormat.PKCS1)
        name = x509.Name(
            [x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
        now = datetime.datetime.utcnow()
        self.certificate_der = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .sign(self.key, hashes.SHA256())
            .public_bytes(serialization.Encoding.DER))


def random_bytes(length):
    return os.urandom(length)


def aes_cbc_pkcs5_encrypt(key, iv, data):
    padder = sym_padding.PKCS7(128).padder()
    padded = padder.update(data) + padder.finalize()
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return encryptor.update(padded) + encryptor.finalize()


def aes_cbc_pkcs5_decrypt(key, iv, data):
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    padded = decryptor.update(data) + decryptor.finalize()
    unpadder = sym_padding.PKCS7(128).unpadder()
    return unpadder.update(padded) + unpadder.finalize()


def load_public_key(der):
    """A public key as the server returned it: SPKI (X.509) or PKCS#1."""
    try:
        return serialization.load_der_public_key(der)
    except ValueError:
        return serialization.load_der_public_key(
            _pkcs1_to_spki(der))


def _pkcs1_to_spki(pkcs1):
    # SubjectPublicKeyInfo = SEQUENCE { rsaEncryption AlgorithmIdentifier,
    # BIT STRING { RSAPublicKey } }, written by hand (DER, long-form lengths).
    def der_length(n):
        if n < 0x80:
            return bytes([n])
        body = n.to_bytes((n.bit_length() + 7) // 8, "big")
        return bytes([0x80 | len(body)]) + body

    algorithm = bytes.fromhex("300d06092a864886f70d0101010500")
    bit_string = b"\x03" + der_length(len(pkcs1) + 1) + b"\x00" + pkcs1
    body = algorithm + bit_string
    return b"\x30" + der_length(len(body)) + body


def rsa_verify(public_der, signature, data, scheme):
    key = load_public_key(public_der)
    if scheme == "PSS":
        # AUTO: any salt length. PyKMIP's server signs with the maximum one.
        pad = padding.PSS(mgf=padding.MGF1(hashes.SHA256()),
                          salt_length=padding.PSS.AUTO)
    else:
        pad = padding.PKCS1v15()
    try:
        key.verify(signature, data, pad, hashes.SHA256())
        return True
    except Exception:
        return False


def hmac_sha256(key, data):
    return hmac.new(key, data, hashlib.sha256).digest()


def pbkdf2_sha256(password, salt, iterations, length):
    return hashlib.pbkdf2_hmac("sha256", password, salt, iterations, length)
