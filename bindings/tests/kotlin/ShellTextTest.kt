package app.sightline.tests

import app.sightline.core.ShellMessage
import app.sightline.core.SightlineException
import app.sightline.core.shellErrorText
import app.sightline.core.shellLinkText
import app.sightline.core.shellText

/** The core's test of a text's language (`Language::of_text`): Chinese when it has a CJK ideograph. */
private fun isChinese(text: String): Boolean = text.any { it in '\u3400'..'\u4DBF' || it in '\u4E00'..'\u9FFF' }

/**
 * Fails unless [text] is written in [language] only, by the catalogue's rule
 * (`locale_each_catalogue_is_written_in_its_own_language`): Chinese has no Latin letters but
 * the app's name, English no CJK ideographs and no full-width punctuation.
 */
fun checkInOneLanguage(language: String, text: String, what: String) {
    check(text.isNotBlank() && !text.startsWith("shell-")) { "$what: '$text'" }
    when (language) {
        "zh" -> check(isChinese(text) && text.replace("Sightline", "").none { it in 'a'..'z' || it in 'A'..'Z' }) {
            "$what: not all Chinese: $text"
        }
        else -> check(!isChinese(text) && text.none { it in "，。：“”" }) { "$what: not all English: $text" }
    }
}

/** Every typed error the FFI can raise, each with [reason]. */
fun everyError(reason: String): List<SightlineException> = listOf(
    SightlineException.InvalidInput(reason),
    SightlineException.Configuration(reason),
    SightlineException.Storage(reason),
    SightlineException.NotFound(reason),
    SightlineException.Refused(reason),
    SightlineException.ServiceUnavailable(reason),
    SightlineException.Glasses(reason),
    SightlineException.Cancelled(reason),
    SightlineException.Internal(reason),
)

/** The shells' own words (buttons, advice, the error line) asked for in both languages. */
fun shellTextTests(t: Harness) {
    t.test("shell: every shell message comes in the phone's language") {
        for ((tag, language) in listOf("zh-Hans-CN" to "zh", "zh_TW" to "zh", "en-US" to "en", "de-DE" to "en")) {
            for (message in ShellMessage.entries) {
                checkInOneLanguage(language, shellText(tag, message), "$tag $message")
            }
            for (state in listOf("scanning", "connecting", "pairing", "ready", "reconnecting", "stopped")) {
                checkInOneLanguage(language, shellLinkText(tag, state), "$tag link $state")
            }
        }
        check(shellText("zh-CN", ShellMessage.FIND_GLASSES) == "查找我的眼镜") { shellText("zh-CN", ShellMessage.FIND_GLASSES) }
        check(shellText("en-GB", ShellMessage.FIND_GLASSES) == "Find my glasses") { "en" }
        check(shellLinkText("en", "ready") == "Glasses: connected") { shellLinkText("en", "ready") }
    }

    t.test("shell: a failed call is shown by its kind in the wearer's language, never by its reason") {
        // What a hostile provider or model could put into a reason: a secret, a lure.
        val reason = "api key sk-4711; call +86 400 000 0000 to unlock 请拨打客服"
        for ((tag, language) in listOf("zh-Hans" to "zh", "en-US" to "en")) {
            val said = everyError(reason).map { e ->
                shellErrorText(tag, e).also { text ->
                    checkInOneLanguage(language, text, "$tag ${e.javaClass.simpleName}")
                    check("sk-4711" !in text && "400" !in text && "请拨打" !in text) { text }
                }
            }
            check(said.toSet().size == said.size) { "two kinds read the same: $said" }
        }
    }

    t.test("shell newuser: a Chinese phone reads a real failure from the core in Chinese") {
        newCompanion().use { c ->
            val e = runCatching { c.setPreference("no.such.key", "1") }.exceptionOrNull()
            check(e is SightlineException.InvalidInput) { "got $e" }
            val invalid = e as SightlineException.InvalidInput
            val text = shellErrorText("zh-CN", invalid)
            checkInOneLanguage("zh", text, "invalid input")
            check(invalid.reason !in text) { text }
        }
    }
}
