package app.sightline.app

import android.app.Notification
import android.service.notification.NotificationListenerService
import android.service.notification.StatusBarNotification
import app.sightline.android.NotificationForwarder
import app.sightline.android.PostedNotification
import app.sightline.core.Companion
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.launch

/**
 * The phone's notifications for the glasses. Android gives them to this service once the user
 * allowed "notification access" for Sightline in the system settings; each one is handed to the
 * companion the app holds ([NotificationRelay]), which decides whether it reaches the glasses.
 * Nothing is stored here.
 */
class SightlineNotificationListener : NotificationListenerService() {
    override fun onNotificationPosted(sbn: StatusBarNotification) {
        val extras = sbn.notification.extras
        val appName = try {
            packageManager.getApplicationLabel(packageManager.getApplicationInfo(sbn.packageName, 0)).toString()
        } catch (e: Exception) {
            sbn.packageName
        }
        NotificationRelay.post(
            packageName,
            PostedNotification(
                packageName = sbn.packageName,
                appName = appName,
                title = extras.getCharSequence(Notification.EXTRA_TITLE)?.toString().orEmpty(),
                text = extras.getCharSequence(Notification.EXTRA_TEXT)?.toString().orEmpty(),
                postedAtMs = sbn.postTime,
                ongoing = sbn.isOngoing,
            ),
        )
    }
}

/** The companion notifications go to: set by the view model while it holds one. */
object NotificationRelay {
    @Volatile var companion: Companion? = null
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.IO)

    /** Forwards [posted] to the companion, if the app has one open; failures are dropped. */
    fun post(ownPackage: String, posted: PostedNotification) {
        val core = companion ?: return
        val forwarder = NotificationForwarder(ownPackage) {
            core.notify(it.packageName, it.appName, it.title, it.text, it.postedAtMs)
        }
        scope.launch { runCatching { forwarder.forward(posted) } }
    }
}
