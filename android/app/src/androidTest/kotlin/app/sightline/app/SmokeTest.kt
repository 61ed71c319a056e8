package app.sightline.app

import androidx.test.ext.junit.runners.AndroidJUnit4
import androidx.test.platform.app.InstrumentationRegistry
import app.sightline.core.Companion
import app.sightline.core.CompanionConfig
import app.sightline.core.SightlineException
import app.sightline.core.coreVersion
import app.sightline.core.defaultPrivacySettings
import app.sightline.core.defaultProviderSettings
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import java.io.File

/** Emulator smoke test: the native library loads through JNA and the core answers. */
@RunWith(AndroidJUnit4::class)
class SmokeTest {
    @Test
    fun companionStartsAndRefusesBadInput() {
        val context = InstrumentationRegistry.getInstrumentation().targetContext
        assertTrue(coreVersion().isNotEmpty())
        val dir = File(context.cacheDir, "smoke-${System.nanoTime()}")
        Companion(
            CompanionConfig(dir.path, File(dir, "models").path, defaultPrivacySettings(), defaultProviderSettings()),
        ).use { companion ->
            companion.setPreference("shoe_size", "42")
            assertEquals("42", companion.preferences().single { it.key == "shoe_size" }.valueJson)
            val refused = runCatching { companion.setPreference("shoe_size", "{not json") }.exceptionOrNull()
            assertTrue(refused is SightlineException.InvalidInput)
        }
    }
}
