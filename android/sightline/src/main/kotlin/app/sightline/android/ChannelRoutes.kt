package app.sightline.android

import app.sightline.core.GattDirection
import app.sightline.core.GattProfile
import java.util.UUID

/**
 * How one family's packets map onto its GATT characteristics, from the [GattProfile] the core
 * exports (the core's channel-byte convention, `docs/drivers.md`): Sightline packets go to its
 * one write characteristic as they are; the other families' packets start with a channel byte
 * naming the characteristic (and the G1 arm), which is stripped before writing and added to
 * each notification before it goes to the core.
 *
 * Plain Kotlin (no Android classes): the transports of both phone platforms follow the same
 * rules, and this is what the desktop JVM tests check.
 */
class ChannelRoutes(val profile: GattProfile) {
    /** One characteristic of one peripheral. */
    data class Endpoint(val peripheral: Int, val service: UUID, val characteristic: UUID)

    /** Where a packet from the core goes, and the bytes to write there. */
    class Outgoing(val endpoint: Endpoint, val value: ByteArray)

    private val channels = profile.channels.map { channel ->
        Triple(
            channel.tag?.toInt(),
            Endpoint(
                channel.peripheral.toInt(),
                UUID.fromString(channel.service),
                UUID.fromString(channel.characteristic),
            ),
            channel.direction,
        )
    }

    /** Whether packets carry a leading channel byte (every family but Sightline). */
    val tagged: Boolean = channels.any { it.first != null }

    /** How many BLE peripherals one device is (a G1: its two arms). */
    val peripherals: Int = profile.peripherals.toInt()

    /** The notify characteristics of [peripheral], to subscribe to before reporting ready. */
    fun notifyEndpoints(peripheral: Int): List<Endpoint> = channels
        .filter { it.third == GattDirection.NOTIFY && it.second.peripheral == peripheral }
        .map { it.second }

    /** Every characteristic [peripheral] must offer. */
    fun endpoints(peripheral: Int): List<Endpoint> =
        channels.map { it.second }.filter { it.peripheral == peripheral }

    /** Where [packet] goes; `null` for an empty packet or one on no channel of this family. */
    fun outgoing(packet: ByteArray): Outgoing? {
        if (!tagged) {
            val write = channels.firstOrNull { it.third == GattDirection.WRITE } ?: return null
            return Outgoing(write.second, packet)
        }
        if (packet.isEmpty()) return null
        val tag = packet[0].toInt() and 0xff
        val write = channels.firstOrNull { it.first == tag && it.third == GattDirection.WRITE }
            ?: return null
        return Outgoing(write.second, packet.copyOfRange(1, packet.size))
    }

    /**
     * The packet for the core from a notification of [characteristic] on [peripheral]; `null`
     * when that characteristic is not one of the family's notify channels.
     */
    fun incoming(peripheral: Int, characteristic: UUID, value: ByteArray): ByteArray? {
        val channel = channels.firstOrNull {
            it.third == GattDirection.NOTIFY && it.second.peripheral == peripheral &&
                it.second.characteristic == characteristic
        } ?: return null
        val tag = channel.first ?: return value
        return byteArrayOf(tag.toByte()) + value
    }

    /** The ids of the device's peripherals: a device id is theirs joined with `+`. */
    fun peripheralIds(deviceId: String): List<String>? =
        deviceId.split('+').map { it.trim() }.takeIf { ids ->
            ids.size == peripherals && ids.all { it.isNotEmpty() }
        }
}
