import RotaCore
import Testing

/// Digests from Python's hashlib (`hashlib.sha256(m).hexdigest()`); the first three are also
/// FIPS 180-2's examples.
@Test(arguments: [
  (Array("".utf8), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
  (Array("abc".utf8), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
  (
    Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8),
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
  ),
  ([UInt8](repeating: 0x61, count: 1000), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"),
  (
    Array((0..<768).map { UInt8($0 % 256) }),
    "f3a25aa93aa2fbba28d79260535bbd6a5eb0fc1c24a8b0f04e12b484c1dfe363"
  ),
])
func sha256MatchesKnownDigests(message: [UInt8], digest: String) {
  #expect(SHA256.hex(message) == digest)
}
