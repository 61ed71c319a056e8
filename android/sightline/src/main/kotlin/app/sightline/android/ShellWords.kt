package app.sightline.android

import app.sightline.core.ShellMessage
import app.sightline.core.SightlineException
import app.sightline.core.shellErrorText
import app.sightline.core.shellLinkText
import app.sightline.core.shellText

/**
 * Something the app tells the wearer about itself (not a card): kept as what happened, and
 * put into words only when shown, so a language change in Settings reaches it too.
 */
sealed interface ShellNotice {
    /** A fixed piece of advice (Bluetooth off, a refused permission…). */
    data class Advice(val message: ShellMessage) : ShellNotice

    /** A call that failed: a typed core error or anything the platform threw. */
    data class Failed(val error: Throwable) : ShellNotice

    /** The companion could not be opened. */
    data class StartFailed(val error: Throwable) : ShellNotice
}

/**
 * The app's own words in the phone's language, from the core's message catalogue
 * (docs/language.md): the shell keeps no string table. [localeTag] is read at every call
 * (`Locale.getDefault().toLanguageTag()`), so the words follow a language change.
 */
class ShellWords(private val localeTag: () -> String) {
    /** A button, a label or a piece of advice. */
    fun text(message: ShellMessage): String = shellText(localeTag(), message)

    /** The glasses' line for a `LinkChanged` state name. */
    fun link(state: String): String = shellLinkText(localeTag(), state)

    /**
     * [notice] in words. A failure is said by its kind only, never by its message (a core
     * error's reason is developer text; a platform message can name anything). When the
     * library itself cannot load there are no words to ask for: the exception's class name
     * after a warning sign is shown instead, in no language.
     */
    fun notice(notice: ShellNotice): String = try {
        when (notice) {
            is ShellNotice.Advice -> text(notice.message)
            is ShellNotice.Failed -> failure(notice.error)
            is ShellNotice.StartFailed -> text(ShellMessage.START_FAILED) + "\n" + failure(notice.error)
        }
    } catch (e: LinkageError) {
        val cause = when (notice) {
            is ShellNotice.Failed -> notice.error
            is ShellNotice.StartFailed -> notice.error
            is ShellNotice.Advice -> e
        }
        "⚠ " + cause.javaClass.simpleName
    }

    private fun failure(error: Throwable): String = when (error) {
        is SightlineException -> shellErrorText(localeTag(), error)
        else -> text(ShellMessage.UNEXPECTED_FAILURE)
    }
}
