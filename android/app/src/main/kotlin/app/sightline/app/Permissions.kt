package app.sightline.app

import android.Manifest
import android.content.Context
import android.content.pm.PackageManager
import android.os.Build
import androidx.core.content.ContextCompat

/** The runtime permissions the app asks for, by Android version. */
object Permissions {
    /** Scanning for and connecting to the glasses. */
    val bluetooth: Array<String> = if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.S) {
        arrayOf(Manifest.permission.BLUETOOTH_SCAN, Manifest.permission.BLUETOOTH_CONNECT)
    } else {
        // Before Android 12, BLE scan results need location.
        arrayOf(Manifest.permission.ACCESS_FINE_LOCATION)
    }

    /** True when every permission in [permissions] is granted. */
    fun granted(context: Context, vararg permissions: String): Boolean = permissions.all {
        ContextCompat.checkSelfPermission(context, it) == PackageManager.PERMISSION_GRANTED
    }
}
