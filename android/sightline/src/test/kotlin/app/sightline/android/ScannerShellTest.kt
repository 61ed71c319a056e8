package app.sightline.android

import app.sightline.core.GlassesFamily
import app.sightline.core.GlassesSighting
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test

/** A scanner that throws what Android throws, or replays advertisements. */
private class FakeRadio(
    private val onStart: (ScanListener) -> Unit,
) : ScanRadio {
    var stops = 0

    override fun start(serviceUuids: List<String>, listener: ScanListener) = onStart(listener)

    override fun stop(listener: ScanListener) {
        stops++
        // Android throws here too once Bluetooth is off.
        throw IllegalStateException("BT Adapter is not turned ON")
    }
}

private const val FRAME_SERVICE = "7a230001-5475-a6a4-654c-8431f6ad49c4"
private const val NUS = "6e400001-b5a3-f393-e0a9-e50e24dcca9e"

/** Stands in for the core's `classifyGlasses` (the Rust tests check the real one). */
private fun classify(name: String?, services: List<String>): GlassesSighting? = when {
    FRAME_SERVICE in services -> GlassesSighting(GlassesFamily.FRAME, 0.toUByte(), null)
    NUS in services && name != null && "_L_" in name ->
        GlassesSighting(GlassesFamily.G1, 0.toUByte(), name.substringBefore("_L_"))
    NUS in services && name != null && "_R_" in name ->
        GlassesSighting(GlassesFamily.G1, 1.toUByte(), name.substringBefore("_R_"))
    else -> null
}

class ScannerShellTest {
    private fun updates(radio: ScanRadio, count: Int = 10): List<ScanUpdate> = runBlocking {
        withTimeout(5_000) { scanUpdates(radio, listOf(FRAME_SERVICE, NUS), ::classify).take(count).toList() }
    }

    @Test
    fun shellScannerWithBluetoothOffEndsWithAProblemInsteadOfCrashing() {
        val radio = FakeRadio { throw IllegalStateException("BT Adapter is not turned ON") }
        val updates = updates(radio)
        assertEquals(1, updates.size)
        val stopped = updates.single() as ScanUpdate.Stopped
        assertEquals(ScanProblem.BLUETOOTH_OFF, stopped.problem)
        assertEquals("a scan that never started is not stopped", 0, radio.stops)
    }

    @Test
    fun shellScannerWithARevokedPermissionSaysSo() {
        val updates = updates(FakeRadio { throw SecurityException("Need BLUETOOTH_SCAN permission") })
        assertEquals(ScanProblem.PERMISSION_DENIED, (updates.single() as ScanUpdate.Stopped).problem)
    }

    @Test
    fun shellScannerReportsAFailedScanAndStopsTheRadioEvenIfStoppingThrows() {
        val radio = FakeRadio { listener -> listener.failed(2) }
        val updates = updates(radio)
        assertEquals(ScanProblem.SCAN_FAILED, (updates.single() as ScanUpdate.Stopped).problem)
        assertEquals(1, radio.stops)
    }

    @Test
    fun shellScannerFindsEachFamilyOnceAndJoinsTheTwoArmsOfAG1() {
        val radio = FakeRadio { listener ->
            listener.advertised("AA:00", "Frame 4F", listOf(FRAME_SERVICE), -60)
            listener.advertised("AA:00", "Frame 4F", listOf(FRAME_SERVICE), -58)
            listener.advertised("BB:00", "Thermometer", listOf(NUS), -70)
            listener.advertised("CC:02", "Even G1_74_R_3F2A12", listOf(NUS), -50)
            listener.advertised("CC:01", "Even G1_74_L_3F2A11", listOf(NUS), -52)
        }
        val found = updates(radio, count = 2).map { (it as ScanUpdate.Found).glasses }
        assertEquals(listOf("AA:00", "CC:01+CC:02"), found.map { it.deviceId })
        assertEquals(listOf(GlassesFamily.FRAME, GlassesFamily.G1), found.map { it.family })
        assertTrue(found[1].name!!.startsWith("Even G1_74"))
    }
}
