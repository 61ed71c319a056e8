import Foundation
import Security
import Sightline

/// The core's `KeyVault` over the iOS Keychain: what `companionWithKeyVault` is given.
///
/// Each secret (the core keeps one: the key that seals the database's link keys) is a generic
/// password item of service `app.sightline.vault`, account = the secret's name, accessible
/// after the first unlock (Bluetooth work continues in the background) and on this device
/// only (`…ThisDeviceOnly`: never in a backup, never moved to a new phone). A database copied
/// off the phone therefore opens without its keys, and the glasses must be paired again.
/// The Keychain is thread-safe; the core calls this off the main thread.
final class KeychainKeyVault: KeyVault, @unchecked Sendable {
    private static let service = "app.sightline.vault"

    func load(name: String) throws -> Data? {
        var query = Self.item(name)
        query[kSecReturnData as String] = true
        query[kSecMatchLimit as String] = kSecMatchLimitOne
        var found: CFTypeRef?
        let status = SecItemCopyMatching(query as CFDictionary, &found)
        switch status {
        case errSecSuccess:
            guard let data = found as? Data else {
                throw VaultFailure.Unavailable(reason: "the Keychain item is not data")
            }
            return data
        case errSecItemNotFound:
            return nil
        default:
            throw Self.failure(status)
        }
    }

    func save(name: String, secret: Data) throws {
        let attributes: [String: Any] = [
            kSecValueData as String: secret,
            kSecAttrAccessible as String: kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly,
        ]
        var status = SecItemUpdate(Self.item(name) as CFDictionary, attributes as CFDictionary)
        if status == errSecItemNotFound {
            let added = Self.item(name).merging(attributes) { _, new in new }
            status = SecItemAdd(added as CFDictionary, nil)
        }
        guard status == errSecSuccess else { throw Self.failure(status) }
    }

    func delete(name: String) throws {
        let status = SecItemDelete(Self.item(name) as CFDictionary)
        guard status == errSecSuccess || status == errSecItemNotFound else { throw Self.failure(status) }
    }

    private static func item(_ name: String) -> [String: Any] {
        [
            kSecClass as String: kSecClassGenericPassword,
            kSecAttrService as String: service,
            kSecAttrAccount as String: name,
        ]
    }

    /// The Keychain's status as a typed failure (its message names no secret).
    private static func failure(_ status: OSStatus) -> VaultFailure {
        let message = SecCopyErrorMessageString(status, nil) as String? ?? "status \(status)"
        return VaultFailure.Unavailable(reason: "Keychain: \(message)")
    }
}
