package app.sightline.android

import android.Manifest
import android.annotation.SuppressLint
import android.bluetooth.BluetoothManager
import android.bluetooth.le.BluetoothLeScanner
import android.bluetooth.le.ScanCallback
import android.bluetooth.le.ScanFilter
import android.bluetooth.le.ScanResult
import android.bluetooth.le.ScanSettings
import android.content.Context
import android.content.pm.PackageManager
import android.location.LocationManager
import android.os.Build
import android.os.ParcelUuid
import androidx.core.content.ContextCompat
import androidx.core.location.LocationManagerCompat
import app.sightline.core.classifyGlasses
import app.sightline.core.glassesGattProfiles
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flowOf

/**
 * Scans for glasses of every family the core drives (the scan is filtered by the families'
 * advertised services, so most other BLE devices never reach the app; the rest are dropped by
 * the core's `classifyGlasses`). The scan runs while the flow is collected and never throws:
 * Bluetooth off, a missing permission, Location Services off (Android 11 and older) or a
 * refused scan end it with a [ScanUpdate.Stopped] the app shows.
 */
class GlassesScanner(private val context: Context) {
    /** Scans until the collector stops; see [ScanUpdate]. */
    fun scan(): Flow<ScanUpdate> {
        val adapter = context.getSystemService(BluetoothManager::class.java)?.adapter
            ?: return stopped(ScanProblem.NO_BLUETOOTH, "this phone has no Bluetooth")
        if (!hasScanPermission()) {
            return stopped(ScanProblem.PERMISSION_DENIED, "the scan permission is not granted")
        }
        if (!adapter.isEnabled) return stopped(ScanProblem.BLUETOOTH_OFF, "Bluetooth is off")
        if (Build.VERSION.SDK_INT <= Build.VERSION_CODES.R && !locationOn()) {
            return stopped(ScanProblem.LOCATION_OFF, "Location Services are off")
        }
        val scanner = adapter.bluetoothLeScanner
            ?: return stopped(ScanProblem.BLUETOOTH_OFF, "Bluetooth is off")
        val services = glassesGattProfiles().map { it.advertisedService }.distinct()
        return scanUpdates(PlatformRadio(scanner), services) { name, uuids ->
            classifyGlasses(name, uuids)
        }
    }

    private fun stopped(problem: ScanProblem, detail: String): Flow<ScanUpdate> =
        flowOf(ScanUpdate.Stopped(problem, detail))

    private fun hasScanPermission(): Boolean {
        val needed = if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.S) {
            listOf(Manifest.permission.BLUETOOTH_SCAN)
        } else {
            listOf(Manifest.permission.ACCESS_FINE_LOCATION)
        }
        return needed.all {
            ContextCompat.checkSelfPermission(context, it) == PackageManager.PERMISSION_GRANTED
        }
    }

    private fun locationOn(): Boolean {
        val location = context.getSystemService(LocationManager::class.java) ?: return false
        return LocationManagerCompat.isLocationEnabled(location)
    }

    /** [ScanRadio] over Android's `BluetoothLeScanner`. */
    @SuppressLint("MissingPermission") // checked in scan(); a revoked one throws and is reported
    private class PlatformRadio(private val scanner: BluetoothLeScanner) : ScanRadio {
        private var callback: ScanCallback? = null

        override fun start(serviceUuids: List<String>, listener: ScanListener) {
            val filters = serviceUuids.map {
                ScanFilter.Builder().setServiceUuid(ParcelUuid.fromString(it)).build()
            }
            val settings = ScanSettings.Builder()
                .setScanMode(ScanSettings.SCAN_MODE_LOW_LATENCY)
                .build()
            val callback = object : ScanCallback() {
                override fun onScanResult(callbackType: Int, result: ScanResult) {
                    val record = result.scanRecord
                    listener.advertised(
                        result.device.address,
                        record?.deviceName,
                        record?.serviceUuids.orEmpty().map { it.toString() },
                        result.rssi,
                    )
                }

                override fun onScanFailed(errorCode: Int) = listener.failed(errorCode)
            }
            this.callback = callback
            scanner.startScan(filters, settings, callback)
        }

        override fun stop(listener: ScanListener) {
            callback?.let { scanner.stopScan(it) }
            callback = null
        }
    }
}
