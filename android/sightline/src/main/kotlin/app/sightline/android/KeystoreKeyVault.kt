package app.sightline.android

import android.content.Context
import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyProperties
import app.sightline.core.KeyVault
import app.sightline.core.VaultFailure
import java.io.File
import java.io.IOException
import java.security.GeneralSecurityException
import java.security.KeyStore
import javax.crypto.Cipher
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec

/**
 * The core's [KeyVault] over the Android Keystore: what `companionWithKeyVault` is given.
 *
 * Each secret (the core keeps one: the key that seals the database's link keys) is encrypted
 * with AES-256-GCM under a Keystore key that never leaves the secure hardware (alias [ALIAS],
 * created on first use), with the secret's name as associated data; the ciphertext is kept in
 * the app's no-backup folder (`Context.getNoBackupFilesDir()`), which Android neither backs
 * up nor moves to a new phone. A database copied off the phone therefore opens without its
 * keys, and the glasses must be paired again. Calls are serialised; the core makes them off
 * the main thread.
 */
class KeystoreKeyVault(context: Context) : KeyVault {
    private val dir = File(context.noBackupFilesDir, "sightline-vault")
    private val lock = Any()

    override fun load(name: String): ByteArray? = guarded {
        val file = File(dir, name)
        if (!file.exists()) {
            null
        } else {
            val sealed = file.readBytes()
            if (sealed.size <= IV_BYTES) throw VaultFailure.Unavailable("the stored $name is truncated")
            val cipher = Cipher.getInstance(TRANSFORMATION)
            cipher.init(Cipher.DECRYPT_MODE, key(), GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES))
            cipher.updateAAD(name.toByteArray(Charsets.UTF_8))
            cipher.doFinal(sealed, IV_BYTES, sealed.size - IV_BYTES)
        }
    }

    override fun save(name: String, secret: ByteArray) = guarded {
        val cipher = Cipher.getInstance(TRANSFORMATION)
        cipher.init(Cipher.ENCRYPT_MODE, key()) // the Keystore picks a fresh random IV
        cipher.updateAAD(name.toByteArray(Charsets.UTF_8))
        val sealed = cipher.iv + cipher.doFinal(secret)
        if (!dir.isDirectory && !dir.mkdirs()) throw VaultFailure.Unavailable("cannot create the vault folder")
        val temp = File(dir, "$name.tmp")
        temp.writeBytes(sealed)
        if (!temp.renameTo(File(dir, name))) throw VaultFailure.Unavailable("cannot store $name")
    }

    override fun delete(name: String) = guarded {
        val file = File(dir, name)
        if (file.exists() && !file.delete()) throw VaultFailure.Unavailable("cannot delete $name")
    }

    /** The Keystore's AES key, created (256-bit, GCM only, never exportable) on first use. */
    private fun key(): SecretKey {
        val keyStore = KeyStore.getInstance(PROVIDER)
        keyStore.load(null)
        (keyStore.getKey(ALIAS, null) as? SecretKey)?.let { return it }
        val generator = KeyGenerator.getInstance(KeyProperties.KEY_ALGORITHM_AES, PROVIDER)
        generator.init(
            KeyGenParameterSpec.Builder(ALIAS, KeyProperties.PURPOSE_ENCRYPT or KeyProperties.PURPOSE_DECRYPT)
                .setBlockModes(KeyProperties.BLOCK_MODE_GCM)
                .setEncryptionPaddings(KeyProperties.ENCRYPTION_PADDING_NONE)
                .setKeySize(256)
                .build(),
        )
        return generator.generateKey()
    }

    /** Runs [block] alone, turning platform failures into [VaultFailure] (never a secret). */
    private fun <T> guarded(block: () -> T): T = synchronized(lock) {
        try {
            block()
        } catch (e: GeneralSecurityException) {
            throw VaultFailure.Unavailable("Keystore: ${e.javaClass.simpleName}")
        } catch (e: IOException) {
            throw VaultFailure.Unavailable("vault file: ${e.javaClass.simpleName}")
        }
    }

    private companion object {
        const val PROVIDER = "AndroidKeyStore"
        const val ALIAS = "sightline.vault.v1"
        const val TRANSFORMATION = "AES/GCM/NoPadding"
        const val IV_BYTES = 12
        const val TAG_BITS = 128
    }
}
