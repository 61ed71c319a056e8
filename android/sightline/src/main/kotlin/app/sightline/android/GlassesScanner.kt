package app.sightline.android

import android.annotation.SuppressLint
import android.bluetooth.BluetoothManager
import android.bluetooth.le.ScanCallback
import android.bluetooth.le.ScanFilter
import android.bluetooth.le.ScanResult
import android.bluetooth.le.ScanSettings
import android.content.Context
import android.os.ParcelUuid
import app.sightline.core.glassesGattUuids
import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.callbackFlow

/** Glasses seen while scanning: the address to pair with, the advertised name, the signal. */
data class FoundGlasses(val address: String, val name: String?, val rssi: Int)

/**
 * Scans for glasses advertising the Sightline service (the scan is filtered by its UUID, so
 * other BLE devices never reach the app). The scan runs while the flow is collected.
 * Needs BLUETOOTH_SCAN (Android 12+) or ACCESS_FINE_LOCATION (older); see `Permissions`.
 */
class GlassesScanner(private val context: Context) {
    @SuppressLint("MissingPermission")
    fun scan(): Flow<FoundGlasses> = callbackFlow {
        val scanner = context.getSystemService(BluetoothManager::class.java)
            ?.adapter?.bluetoothLeScanner
        if (scanner == null) {
            close(IllegalStateException("Bluetooth is off or missing"))
            return@callbackFlow
        }
        val filter = ScanFilter.Builder()
            .setServiceUuid(ParcelUuid.fromString(glassesGattUuids().service))
            .build()
        val settings = ScanSettings.Builder()
            .setScanMode(ScanSettings.SCAN_MODE_LOW_LATENCY)
            .build()
        val callback = object : ScanCallback() {
            override fun onScanResult(callbackType: Int, result: ScanResult) {
                trySend(FoundGlasses(result.device.address, result.scanRecord?.deviceName, result.rssi))
            }

            override fun onScanFailed(errorCode: Int) {
                close(IllegalStateException("BLE scan failed with code $errorCode"))
            }
        }
        scanner.startScan(listOf(filter), settings, callback)
        awaitClose { scanner.stopScan(callback) }
    }
}
