package app.sightline.android

import app.sightline.core.GattChannel
import app.sightline.core.GattDirection
import app.sightline.core.GattProfile
import app.sightline.core.GlassesFamily
import org.junit.Assert.assertArrayEquals
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNull
import org.junit.Test
import java.util.UUID

private const val NUS = "6e400001-b5a3-f393-e0a9-e50e24dcca9e"
private const val TX = "6e400002-b5a3-f393-e0a9-e50e24dcca9e"
private const val RX = "6e400003-b5a3-f393-e0a9-e50e24dcca9e"

/** The G1's profile as the core exports it: two arms, the channel byte is the arm. */
private val g1 = GattProfile(
    family = GlassesFamily.G1,
    name = "g1",
    advertisedService = NUS,
    peripherals = 2.toUByte(),
    writeWithResponse = false,
    channels = (0..1).flatMap { arm ->
        listOf(
            GattChannel(arm.toUByte(), arm.toUByte(), NUS, TX, GattDirection.WRITE),
            GattChannel(arm.toUByte(), arm.toUByte(), NUS, RX, GattDirection.NOTIFY),
        )
    },
)

/** Sightline's: no channel byte. */
private val sightline = GattProfile(
    family = GlassesFamily.SIGHTLINE,
    name = "sightline",
    advertisedService = "5c1e0001-7a3f-4e2b-9d61-0c5f1a9e3b70",
    peripherals = 1.toUByte(),
    writeWithResponse = false,
    channels = listOf(
        GattChannel(null, 0.toUByte(), "5c1e0001-7a3f-4e2b-9d61-0c5f1a9e3b70", "5c1e0002-7a3f-4e2b-9d61-0c5f1a9e3b70", GattDirection.WRITE),
        GattChannel(null, 0.toUByte(), "5c1e0001-7a3f-4e2b-9d61-0c5f1a9e3b70", "5c1e0003-7a3f-4e2b-9d61-0c5f1a9e3b70", GattDirection.NOTIFY),
    ),
)

class ChannelRoutesShellTest {
    @Test
    fun shellRoutesStripTheChannelByteToPickTheArmAndAddItToNotifications() {
        val routes = ChannelRoutes(g1)
        val out = routes.outgoing(byteArrayOf(1, 0x25, 0x01))!!
        assertEquals(ChannelRoutes.Endpoint(1, UUID.fromString(NUS), UUID.fromString(TX)), out.endpoint)
        assertArrayEquals(byteArrayOf(0x25, 0x01), out.value)
        assertArrayEquals(byteArrayOf(0, 0x4e), routes.incoming(0, UUID.fromString(RX), byteArrayOf(0x4e)))
        assertNull("no channel 7", routes.outgoing(byteArrayOf(7, 1)))
        assertNull("not a notify characteristic", routes.incoming(0, UUID.fromString(TX), byteArrayOf(1)))
        assertEquals(listOf("L", "R"), routes.peripheralIds("L+R"))
        assertNull("a G1 is two arms", routes.peripheralIds("L"))
    }

    @Test
    fun shellRoutesPassSightlinePacketsUnchanged() {
        val routes = ChannelRoutes(sightline)
        val packet = byteArrayOf(0x01, 0x02)
        assertArrayEquals(packet, routes.outgoing(packet)!!.value)
        val notify = UUID.fromString("5c1e0003-7a3f-4e2b-9d61-0c5f1a9e3b70")
        assertArrayEquals(packet, routes.incoming(0, notify, packet))
        assertEquals(listOf(notify), routes.notifyEndpoints(0).map { it.characteristic })
    }
}
