package app.sightline.android

import app.sightline.core.Companion
import app.sightline.core.CompanionConfig
import app.sightline.core.defaultPrivacySettings
import app.sightline.core.defaultProviderSettings
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNull
import org.junit.Test
import java.nio.file.Files

class LocaleFollowerShellTest {
    private var phone = "en-US"
    private val applied = ArrayList<String>()
    private val follower = LocaleFollower({ phone }) { tag ->
        applied.add(tag)
        if (tag.startsWith("zh")) "zh" else "en"
    }

    @Test
    fun shellHandsTheLocaleOverAtStartAndAfterEachChange() {
        assertEquals("en", follower.sync())
        // The broadcast also comes for a change that keeps the language: nothing is redone.
        assertNull(follower.sync())
        phone = "zh-Hans-CN"
        assertEquals("zh", follower.sync())
        phone = "en-GB"
        assertEquals("en", follower.sync())
        assertEquals(listOf("en-US", "zh-Hans-CN", "en-GB"), applied)
    }

    @Test
    fun shellLocaleChangesReachTheRealCore() {
        val dir = Files.createTempDirectory("sightline-locale")
        Companion(
            CompanionConfig(
                dataDir = dir.toString(),
                modelsDir = dir.resolve("models").toString(),
                privacy = defaultPrivacySettings(),
                providers = defaultProviderSettings(),
            ),
        ).use { core ->
            val chosen = ArrayList<String>()
            val toCore = LocaleFollower({ phone }) { tag -> core.setLanguage(tag).also { chosen.add(it) } }
            phone = "zh-CN"
            toCore.sync()
            phone = "fr-FR"
            toCore.sync()
            phone = "zh_TW"
            toCore.sync()
            assertEquals(listOf("zh", "en", "zh"), chosen)
        }
    }
}
