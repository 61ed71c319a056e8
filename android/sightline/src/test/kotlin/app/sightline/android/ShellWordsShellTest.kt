package app.sightline.android

import app.sightline.core.ShellMessage
import app.sightline.core.SightlineException
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Test

class ShellWordsShellTest {
    private var phone = "zh-Hans-CN"
    private val words = ShellWords { phone }

    private fun chinese(text: String) = text.any { it in '\u4E00'..'\u9FFF' } &&
        text.replace("Sightline", "").none { it in 'a'..'z' || it in 'A'..'Z' }

    @Test
    fun shellScanAdviceFollowsThePhonesLanguage() {
        for (problem in ScanProblem.entries) {
            phone = "zh-CN"
            val zh = words.notice(ShellNotice.Advice(problem.advice))
            assertTrue("$problem: $zh", chinese(zh))
            phone = "en-US"
            val en = words.notice(ShellNotice.Advice(problem.advice))
            assertTrue("$problem: $en", en.none { it in '\u4E00'..'\u9FFF' } && en.isNotBlank())
        }
        phone = "en-US"
        assertEquals("Bluetooth is off. Turn it on and search again.", words.text(ScanProblem.BLUETOOTH_OFF.advice))
        assertEquals("Glasses: searching", words.link("scanning"))
        phone = "zh-Hans-CN"
        assertEquals("眼镜：正在搜索", words.link("scanning"))
    }

    @Test
    fun shellFailuresAreSaidByKindNeverByTheirMessage() {
        val core = SightlineException.Storage("cannot create /data/user/0/alice")
        val start = words.notice(ShellNotice.StartFailed(core))
        assertEquals(words.text(ShellMessage.START_FAILED) + "\n" + "手机存储出错了，请释放一些空间后再试。", start)
        assertFalse(start, start.contains("alice"))
        // A platform exception's message can name anything: the wearer gets a plain sentence.
        val platform = words.notice(ShellNotice.Failed(SecurityException("uid 10123 lacks BLUETOOTH_CONNECT")))
        assertEquals(words.text(ShellMessage.UNEXPECTED_FAILURE), platform)
        assertTrue(platform, chinese(platform))
        phone = "en-GB"
        assertEquals(
            "The glasses are not connected or the link failed. Connect them again.",
            words.notice(ShellNotice.Failed(SightlineException.Glasses("no glasses are connected"))),
        )
    }
}
