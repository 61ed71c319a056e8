package app.sightline.android

import app.sightline.core.GlassesFamily
import app.sightline.core.GlassesSighting
import app.sightline.core.ShellMessage
import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.callbackFlow

/** Glasses found by a scan: the id to pair with (a G1: `LEFT+RIGHT`), family, name, signal. */
data class FoundGlasses(
    val deviceId: String,
    val family: GlassesFamily,
    val name: String?,
    val rssi: Int,
)

/**
 * Why a scan ended without the user stopping it, with the [advice] the app shows the wearer
 * (in the phone's language, from the core's catalogue: [ShellWords]).
 */
enum class ScanProblem(val advice: ShellMessage) {
    /** The phone has no Bluetooth LE. */
    NO_BLUETOOTH(ShellMessage.NO_BLUETOOTH),
    /** Bluetooth is switched off (or was switched off during the scan). */
    BLUETOOTH_OFF(ShellMessage.BLUETOOTH_OFF),
    /** The Bluetooth (or, up to Android 11, location) permission is not granted. */
    PERMISSION_DENIED(ShellMessage.BLUETOOTH_REFUSED),
    /** Up to Android 11, BLE scans find nothing while Location Services are off. */
    LOCATION_OFF(ShellMessage.LOCATION_OFF),
    /** The platform refused the scan (too many scans started recently, internal error). */
    SCAN_FAILED(ShellMessage.SCAN_FAILED),
}

/** What a scan reports: glasses, or the one reason it stopped. */
sealed interface ScanUpdate {
    /** A pair of glasses, once (a G1 once both arms were seen). */
    data class Found(val glasses: FoundGlasses) : ScanUpdate

    /** The scan ended; the flow completes after this. */
    data class Stopped(val problem: ScanProblem, val detail: String) : ScanUpdate
}

/** What the platform's scanner reports, reduced to plain values. */
interface ScanListener {
    /** One advertisement: address, advertised name, service UUIDs (text), signal in dBm. */
    fun advertised(address: String, name: String?, serviceUuids: List<String>, rssi: Int)

    /** The platform gave up on the scan with its error code. */
    fun failed(code: Int)
}

/**
 * The platform's BLE scanner, reduced to start and stop so the scan logic runs on the desktop
 * JVM in tests. Both may throw what Android throws when Bluetooth is switched off under them
 * (`IllegalStateException`) or a permission is revoked (`SecurityException`).
 */
interface ScanRadio {
    /** Starts scanning for [serviceUuids]; reports to [listener]. */
    fun start(serviceUuids: List<String>, listener: ScanListener)

    /** Stops the scan started with [listener]. */
    fun stop(listener: ScanListener)
}

/**
 * Scans with [radio] for every family in [serviceUuids] while collected. Each advertiser goes
 * through [classify] (the core's `classifyGlasses`); a G1 is reported once both its arms were
 * seen, with the device id `LEFT+RIGHT`. Never throws: anything the platform throws, or a scan
 * failure, ends the flow with one [ScanUpdate.Stopped].
 */
fun scanUpdates(
    radio: ScanRadio,
    serviceUuids: List<String>,
    classify: (name: String?, serviceUuids: List<String>) -> GlassesSighting?,
): Flow<ScanUpdate> = callbackFlow {
    val seen = HashSet<String>()
    val arms = HashMap<String, Array<String?>>()
    val listener = object : ScanListener {
        override fun advertised(address: String, name: String?, serviceUuids: List<String>, rssi: Int) {
            val sighting = classify(name, serviceUuids) ?: return
            val key = sighting.deviceKey
            val deviceId = if (key == null) {
                address
            } else {
                val parts = synchronized(arms) {
                    val parts = arms.getOrPut(key) { arrayOfNulls(2) }
                    val index = sighting.peripheral.toInt()
                    if (index in parts.indices) parts[index] = address
                    parts.copyOf()
                }
                if (parts.any { it == null }) return
                parts.joinToString("+")
            }
            if (synchronized(seen) { seen.add(deviceId) }) {
                trySend(ScanUpdate.Found(FoundGlasses(deviceId, sighting.family, key ?: name, rssi)))
            }
        }

        override fun failed(code: Int) {
            trySend(ScanUpdate.Stopped(ScanProblem.SCAN_FAILED, "the scan failed with code $code"))
            close()
        }
    }
    val started = try {
        radio.start(serviceUuids, listener)
        true
    } catch (e: SecurityException) {
        trySend(ScanUpdate.Stopped(ScanProblem.PERMISSION_DENIED, "not allowed to scan: ${e.message}"))
        false
    } catch (e: IllegalStateException) {
        trySend(ScanUpdate.Stopped(ScanProblem.BLUETOOTH_OFF, "Bluetooth is off: ${e.message}"))
        false
    }
    if (!started) close()
    awaitClose {
        if (started) {
            // Stopping after Bluetooth went off throws too; the scan is over either way.
            runCatching { radio.stop(listener) }
        }
    }
}
