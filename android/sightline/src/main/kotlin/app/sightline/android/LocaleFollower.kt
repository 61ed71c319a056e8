package app.sightline.android

/**
 * Keeps the core's language on the phone's (docs/language.md): [sync] hands the phone's
 * locale tag to [apply] (`Companion.setLanguage`) at start and again whenever the phone's
 * language changed since, so cards, speech and receipts follow a language change made in
 * Settings while the app runs. Plain Kotlin: the platform's change notice is wired in
 * [followLocaleChanges].
 */
class LocaleFollower(
    /** The phone's locale tag now (`Locale.getDefault().toLanguageTag()`). */
    private val currentTag: () -> String,
    /** Hands a tag to the core; returns the language it chose (`zh` or `en`). */
    private val apply: (String) -> String,
) {
    private var applied: String? = null

    /**
     * Hands the phone's locale to the core unless it is the one handed last. Returns the
     * language the core chose, or null when the locale did not change.
     */
    @Synchronized
    fun sync(): String? {
        val tag = currentTag()
        if (tag == applied) return null
        val chosen = apply(tag)
        applied = tag
        return chosen
    }
}
