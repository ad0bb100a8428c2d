"""madmin-go EncryptData/DecryptData in Python, independent of corral's C++ (python3-cryptography
and python3-argon2 from Debian). Format: salt[32] | id[1] | nonce[8] | sio-go stream.
id 0: Argon2id(t=1, m=64 MiB, p=4) + AES-256-GCM, 1: Argon2id + ChaCha20-Poly1305,
2: PBKDF2-HMAC-SHA256(8192) + AES-256-GCM. sio-go: 16 KiB fragments, nonce8||LE32(seq) from 1,
AD = flag(0x00 | 0x80 final) || Seal(nonce8||LE32(0), b"", None)."""
import hashlib
import os
import struct

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305

FRAGMENT = 16384
TAG = 16


class NotAuthentic(Exception):
    pass


def _key(password, salt, cid):
    if cid == 2:
        return hashlib.pbkdf2_hmac("sha256", password, salt, 8192, 32)
    return hash_secret_raw(password, salt, time_cost=1, memory_cost=64 * 1024, parallelism=4,
                           hash_len=32, type=Type.ID)


def _aead(cid, key):
    if cid in (0, 2):
        return AESGCM(key)
    if cid == 1:
        return ChaCha20Poly1305(key)
    raise ValueError("invalid encryption algorithm ID")


def decrypt(password: bytes, data: bytes) -> bytes:
    if len(data) < 41 + TAG:
        raise ValueError("too short")
    salt, cid, nonce = data[:32], data[32], data[33:41]
    aead = _aead(cid, _key(password, salt, cid))
    ad_tag = aead.encrypt(nonce + struct.pack("<I", 0), b"", None)
    stream = data[41:]
    out = bytearray()
    seq = 1
    while True:
        n = min(len(stream), FRAGMENT + TAG)
        final = n == len(stream)
        ad = (b"\x80" if final else b"\x00") + ad_tag
        try:
            out += aead.decrypt(nonce + struct.pack("<I", seq), stream[:n], ad)
        except InvalidTag:
            raise NotAuthentic("sio: data is not authentic")
        stream = stream[n:]
        seq += 1
        if final:
            return bytes(out)


def encrypt(password: bytes, plaintext: bytes, cid: int = 0) -> bytes:
    salt, nonce = os.urandom(32), os.urandom(8)
    aead = _aead(cid, _key(password, salt, cid))
    ad_tag = aead.encrypt(nonce + struct.pack("<I", 0), b"", None)
    out = bytearray(salt + bytes([cid]) + nonce)
    pos, seq = 0, 1
    while True:
        left = len(plaintext) - pos
        final = left <= FRAGMENT
        n = left if final else FRAGMENT
        ad = (b"\x80" if final else b"\x00") + ad_tag
        out += aead.encrypt(nonce + struct.pack("<I", seq), plaintext[pos:pos + n], ad)
        pos += n
        seq += 1
        if final:
            return bytes(out)
