package app.sightline.android

import android.content.BroadcastReceiver
import android.content.Context
import android.content.Intent
import android.content.IntentFilter

/**
 * Calls [LocaleFollower.sync] whenever the phone's language changes while the app runs
 * (`Intent.ACTION_LOCALE_CHANGED`, a system broadcast: registered in code, no export flag
 * needed). Register on the application context, which outlives the screens; closing the
 * returned handle unregisters.
 */
fun Context.followLocaleChanges(follower: LocaleFollower): AutoCloseable {
    val receiver = object : BroadcastReceiver() {
        override fun onReceive(context: Context, intent: Intent) {
            if (intent.action == Intent.ACTION_LOCALE_CHANGED) follower.sync()
        }
    }
    registerReceiver(receiver, IntentFilter(Intent.ACTION_LOCALE_CHANGED))
    return AutoCloseable { unregisterReceiver(receiver) }
}
