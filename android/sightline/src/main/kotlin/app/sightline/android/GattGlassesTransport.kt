package app.sightline.android

import android.Manifest
import android.annotation.SuppressLint
import android.bluetooth.BluetoothDevice
import android.bluetooth.BluetoothGatt
import android.bluetooth.BluetoothGattCallback
import android.bluetooth.BluetoothGattCharacteristic
import android.bluetooth.BluetoothGattDescriptor
import android.bluetooth.BluetoothManager
import android.bluetooth.BluetoothProfile
import android.bluetooth.BluetoothStatusCodes
import android.content.Context
import android.content.pm.PackageManager
import android.os.Build
import androidx.core.content.ContextCompat
import app.sightline.core.GattProfile
import app.sightline.core.GlassesSink
import app.sightline.core.GlassesTransport
import app.sightline.core.TransportFailure
import java.util.UUID

/**
 * The core's [GlassesTransport] over Android's `BluetoothGatt`, for the family described by
 * [profile] (from the core's `glassesGattProfile`).
 *
 * The core calls [connect] and drives the family's protocol (pairing, encryption, frames,
 * reconnection with backoff) itself; this class only moves packets. Per peripheral (one, or a
 * G1's two arms) it connects with `TRANSPORT_LE`, requests the largest MTU (517), discovers
 * the services, enables notifications on every notify characteristic (one CCCD write at a
 * time, each checked), and once every peripheral is ready reports `sink.connected(mtu)` with
 * the smallest MTU. Packets are routed by [ChannelRoutes]; writes go through one [GattQueue]
 * per peripheral (Android runs one GATT operation at a time; `onCharacteristicWrite` starts
 * the next). Any failure closes every peripheral and is reported once with
 * `sink.disconnected(reason)`; the core's session then calls [connect] again.
 *
 * Callbacks of an older connection (Android delivers some after `close()`) are ignored: each
 * connection attempt has its own callback objects and state.
 */
class GattGlassesTransport(
    private val context: Context,
    private val profile: GattProfile,
) : GlassesTransport {
    private val routes = ChannelRoutes(profile)
    private val lock = Any()
    private var current: Connection? = null

    @SuppressLint("MissingPermission") // checked by requireConnectPermission()
    override fun connect(deviceId: String, sink: GlassesSink) {
        requireConnectPermission()
        val adapter = context.getSystemService(BluetoothManager::class.java)?.adapter
            ?: throw TransportFailure.Unavailable("this phone has no Bluetooth")
        if (!adapter.isEnabled) throw TransportFailure.Unavailable("Bluetooth is turned off")
        val ids = routes.peripheralIds(deviceId)
            ?: throw TransportFailure.Failed("a ${profile.name} device id is ${routes.peripherals} address(es) joined with +")
        val devices = ids.map { id ->
            try {
                adapter.getRemoteDevice(id)
            } catch (e: IllegalArgumentException) {
                throw TransportFailure.Failed("not a Bluetooth address: $id")
            }
        }
        val connection = Connection(sink, devices.size)
        val previous = synchronized(lock) {
            val previous = current
            current = connection
            previous
        }
        previous?.close()
        devices.forEachIndexed { index, device ->
            val peripheral = Peripheral(connection, index)
            connection.peripherals[index] = peripheral
            val gatt = device.connectGatt(context, false, peripheral.callback, BluetoothDevice.TRANSPORT_LE)
            if (gatt == null) {
                connection.fail("connectGatt returned no connection")
                return
            }
            peripheral.attach(gatt)
        }
    }

    override fun write(packet: ByteArray) {
        val connection = synchronized(lock) { current }
            ?: throw TransportFailure.Disconnected("not connected")
        val outgoing = routes.outgoing(packet)
            ?: throw TransportFailure.Failed("a packet on no ${profile.name} channel")
        val peripheral = connection.peripherals.getOrNull(outgoing.endpoint.peripheral)
        val characteristic = peripheral?.characteristic(outgoing.endpoint)
            ?: throw TransportFailure.Disconnected("not connected")
        if (!peripheral.queue.enqueue { peripheral.write(characteristic, outgoing.value) }) {
            throw TransportFailure.Failed("the Bluetooth write queue is full or closed")
        }
    }

    /**
     * Closes the connection at once (also while it is still connecting: `disconnect()` alone
     * would leave a pending connection open) and reports it to the sink.
     */
    override fun disconnect() {
        val connection = synchronized(lock) { current.also { current = null } } ?: return
        connection.close()
        connection.sink.disconnected("closed by the phone")
    }

    /**
     * Whether the connection is encrypted with a bonded key: every peripheral (both arms of a
     * G1) is `BOND_BONDED`, and Android encrypts a bonded device's link when it connects. Not
     * connected, or any peripheral unbonded: false, and a tap on the glasses will not pay.
     */
    override fun isEncrypted(): Boolean {
        val connection = synchronized(lock) { current } ?: return false
        return connection.peripherals.all { it?.bonded() == true }
    }

    private fun requireConnectPermission() {
        val permission = if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.S) {
            Manifest.permission.BLUETOOTH_CONNECT
        } else {
            Manifest.permission.BLUETOOTH
        }
        if (ContextCompat.checkSelfPermission(context, permission) != PackageManager.PERMISSION_GRANTED) {
            throw TransportFailure.Unavailable("the $permission permission is not granted")
        }
    }

    /** One connection attempt: its sink and its peripherals. */
    private inner class Connection(val sink: GlassesSink, count: Int) {
        val peripherals = arrayOfNulls<Peripheral>(count)
        private var ended = false
        private var reported = false

        /** Whether this is still the transport's connection. */
        fun isCurrent(): Boolean = synchronized(lock) { current === this }

        /** Called by a peripheral once its notifications are on; reports when all are. */
        fun peripheralReady() {
            val mtu = synchronized(this) {
                if (ended || reported || peripherals.any { it?.ready != true }) return
                reported = true
                peripherals.minOf { it?.mtu ?: MIN_MTU }
            }
            sink.connected(mtu.toUInt())
        }

        /** A peripheral renegotiated its MTU after the connection was reported. */
        fun mtuChanged() {
            val mtu = synchronized(this) {
                if (ended || !reported) return
                peripherals.minOf { it?.mtu ?: MIN_MTU }
            }
            sink.mtuChanged(mtu.toUInt())
        }

        /** Ends the connection (if still current) and reports [reason] once. */
        fun fail(reason: String) {
            val wasCurrent = synchronized(lock) {
                (current === this).also { if (it) current = null }
            }
            if (!wasCurrent) return
            close()
            sink.disconnected(reason)
        }

        /** Closes every peripheral; no callback of this connection is acted on afterwards. */
        fun close() {
            synchronized(this) { ended = true }
            peripherals.forEach { it?.close() }
        }
    }

    /** One BLE peripheral of a connection, with its own callback and write queue. */
    @SuppressLint("MissingPermission")
    private inner class Peripheral(val connection: Connection, val index: Int) {
        val queue = GattQueue { reason -> connection.fail(reason) }
        private var gatt: BluetoothGatt? = null
        private val found = HashMap<ChannelRoutes.Endpoint, BluetoothGattCharacteristic>()
        private var servicesFound = false
        private var closed = false
        @Volatile var mtu = MIN_MTU
        @Volatile var ready = false

        /** Keeps the connection `connectGatt` returned (closing it if this one ended meanwhile). */
        /** Whether this peripheral is bonded with the phone (so its link is encrypted). */
        fun bonded(): Boolean {
            val gatt = synchronized(this) { gatt } ?: return false
            return gatt.device.bondState == BluetoothDevice.BOND_BONDED
        }

        fun attach(gatt: BluetoothGatt) {
            val late = synchronized(this) {
                if (!closed) this.gatt = gatt
                closed
            }
            if (late) {
                gatt.disconnect()
                gatt.close()
            }
        }

        fun characteristic(endpoint: ChannelRoutes.Endpoint): BluetoothGattCharacteristic? =
            synchronized(this) { if (ready && !closed) found[endpoint] else null }

        fun close() {
            queue.close()
            val gatt = synchronized(this) {
                closed = true
                gatt.also { this.gatt = null }
            } ?: return
            gatt.disconnect()
            gatt.close()
        }

        /**
         * True when [gatt] is this peripheral's live connection. Each attempt has its own
         * callback object, so a callback of a closed or replaced attempt is recognised here.
         */
        private fun owns(gatt: BluetoothGatt): Boolean {
            if (!connection.isCurrent()) return false
            synchronized(this) {
                if (closed) return false
                // The first callback may run before connectGatt returned.
                if (this.gatt == null) this.gatt = gatt
                return this.gatt === gatt
            }
        }

        fun write(characteristic: BluetoothGattCharacteristic, value: ByteArray): Boolean {
            val gatt = synchronized(this) { gatt } ?: return false
            val type = if (profile.writeWithResponse) {
                BluetoothGattCharacteristic.WRITE_TYPE_DEFAULT
            } else {
                BluetoothGattCharacteristic.WRITE_TYPE_NO_RESPONSE
            }
            return if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU) {
                gatt.writeCharacteristic(characteristic, value, type) == BluetoothStatusCodes.SUCCESS
            } else {
                @Suppress("DEPRECATION")
                characteristic.writeType = type
                @Suppress("DEPRECATION")
                characteristic.value = value
                @Suppress("DEPRECATION")
                gatt.writeCharacteristic(characteristic)
            }
        }

        private fun enableNotifications(gatt: BluetoothGatt, characteristic: BluetoothGattCharacteristic): Boolean {
            val cccd = characteristic.getDescriptor(CLIENT_CONFIG) ?: return false
            if (!gatt.setCharacteristicNotification(characteristic, true)) return false
            val indicate = characteristic.properties and BluetoothGattCharacteristic.PROPERTY_NOTIFY == 0 &&
                characteristic.properties and BluetoothGattCharacteristic.PROPERTY_INDICATE != 0
            val value = if (indicate) {
                BluetoothGattDescriptor.ENABLE_INDICATION_VALUE
            } else {
                BluetoothGattDescriptor.ENABLE_NOTIFICATION_VALUE
            }
            return if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU) {
                gatt.writeDescriptor(cccd, value) == BluetoothStatusCodes.SUCCESS
            } else {
                @Suppress("DEPRECATION")
                cccd.value = value
                @Suppress("DEPRECATION")
                gatt.writeDescriptor(cccd)
            }
        }

        private fun discover(gatt: BluetoothGatt) {
            val first = synchronized(this) { (!servicesFound).also { servicesFound = true } }
            if (first && !gatt.discoverServices()) connection.fail("service discovery did not start")
        }

        val callback = object : BluetoothGattCallback() {
            override fun onConnectionStateChange(gatt: BluetoothGatt, status: Int, newState: Int) {
                if (!owns(gatt)) {
                    // A late callback of a replaced connection: make sure it is closed.
                    if (newState == BluetoothProfile.STATE_DISCONNECTED) gatt.close()
                    return
                }
                when {
                    status != BluetoothGatt.GATT_SUCCESS -> connection.fail("GATT status $status")
                    newState == BluetoothProfile.STATE_CONNECTED -> {
                        gatt.requestConnectionPriority(BluetoothGatt.CONNECTION_PRIORITY_HIGH)
                        if (!gatt.requestMtu(MAX_MTU)) discover(gatt)
                    }
                    newState == BluetoothProfile.STATE_DISCONNECTED -> connection.fail("disconnected")
                }
            }

            override fun onMtuChanged(gatt: BluetoothGatt, mtu: Int, status: Int) {
                if (!owns(gatt)) return
                if (status == BluetoothGatt.GATT_SUCCESS) this@Peripheral.mtu = mtu.coerceIn(MIN_MTU, MAX_MTU)
                if (ready) connection.mtuChanged() else discover(gatt)
            }

            override fun onServicesDiscovered(gatt: BluetoothGatt, status: Int) {
                if (!owns(gatt)) return
                if (status != BluetoothGatt.GATT_SUCCESS) {
                    connection.fail("service discovery failed with status $status")
                    return
                }
                for (endpoint in routes.endpoints(index)) {
                    val characteristic = gatt.getService(endpoint.service)?.getCharacteristic(endpoint.characteristic)
                    if (characteristic == null) {
                        connection.fail("not a ${profile.name}: no characteristic ${endpoint.characteristic}")
                        return
                    }
                    synchronized(this@Peripheral) { found[endpoint] = characteristic }
                }
                val notify = routes.notifyEndpoints(index).mapNotNull { synchronized(this@Peripheral) { found[it] } }
                for (characteristic in notify) {
                    queue.enqueue { enableNotifications(gatt, characteristic) }
                }
                // Runs after every CCCD write completed: the peripheral is ready.
                queue.enqueue {
                    ready = true
                    connection.peripheralReady()
                    // Nothing was sent to the stack, so release the queue ourselves.
                    queue.completed(true)
                    true
                }
            }

            override fun onDescriptorWrite(gatt: BluetoothGatt, descriptor: BluetoothGattDescriptor, status: Int) {
                if (!owns(gatt) || descriptor.uuid != CLIENT_CONFIG) return
                if (status != BluetoothGatt.GATT_SUCCESS) {
                    connection.fail("enabling notifications failed with status $status")
                } else {
                    queue.completed(true)
                }
            }

            override fun onCharacteristicWrite(gatt: BluetoothGatt, characteristic: BluetoothGattCharacteristic, status: Int) {
                if (owns(gatt)) queue.completed(status == BluetoothGatt.GATT_SUCCESS)
            }

            override fun onCharacteristicChanged(gatt: BluetoothGatt, characteristic: BluetoothGattCharacteristic, value: ByteArray) {
                if (!owns(gatt)) return
                routes.incoming(index, characteristic.uuid, value)?.let { connection.sink.notification(it) }
            }

            @Deprecated("Used before Android 13")
            override fun onCharacteristicChanged(gatt: BluetoothGatt, characteristic: BluetoothGattCharacteristic) {
                if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU) return // the other overload runs
                @Suppress("DEPRECATION")
                val value = characteristic.value ?: return
                onCharacteristicChanged(gatt, characteristic, value.copyOf())
            }
        }
    }

    private companion object {
        /** The Client Characteristic Configuration descriptor that switches notifications on. */
        val CLIENT_CONFIG: UUID = UUID.fromString("00002902-0000-1000-8000-00805f9b34fb")

        /** The smallest and largest ATT MTU BLE allows. */
        const val MIN_MTU = 23
        const val MAX_MTU = 517
    }
}
