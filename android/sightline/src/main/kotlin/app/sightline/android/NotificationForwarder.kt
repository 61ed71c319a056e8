package app.sightline.android

import app.sightline.core.NotificationDelivery

/** A notification the phone posted, as the listener read it from the platform. */
data class PostedNotification(
    /** The posting app's package. */
    val packageName: String,
    /** The app's label as the launcher shows it. */
    val appName: String,
    val title: String,
    val text: String,
    /** When it was posted, Unix ms. */
    val postedAtMs: Long,
    /** Ongoing notifications (music, navigation, a running download) are status, not news. */
    val ongoing: Boolean,
)

/**
 * Hands the phone's notifications to the core (`Companion.notify`), which decides which reach
 * the glasses and shortens them. Here only what is never news is dropped: the app's own
 * notifications, ongoing ones, and those with neither title nor text. Nothing is kept.
 */
class NotificationForwarder(
    private val ownPackage: String,
    private val notify: suspend (PostedNotification) -> NotificationDelivery,
) {
    /** Whether [posted] goes to the core at all. */
    fun isNews(posted: PostedNotification): Boolean =
        posted.packageName != ownPackage &&
            !posted.ongoing &&
            (posted.title.isNotBlank() || posted.text.isNotBlank())

    /** Forwards [posted] when it is news; returns what the core did with it (null: dropped). */
    suspend fun forward(posted: PostedNotification): NotificationDelivery? =
        if (isNews(posted)) notify(posted) else null
}
