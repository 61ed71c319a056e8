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
import app.sightline.core.GlassesSink
import app.sightline.core.GlassesTransport
import app.sightline.core.TransportFailure
import app.sightline.core.glassesGattUuids
import java.util.UUID

/**
 * The core's [GlassesTransport] over Android's `BluetoothGatt`.
 *
 * The core calls [connect] and then drives the Sightline protocol (pairing, encryption,
 * frames, reconnection with backoff) itself; this class only moves packets: it connects,
 * requests the largest MTU (517), discovers the Sightline service, enables notifications on
 * the notify characteristic, reports `sink.connected(mtu)`, forwards every notification, and
 * writes packets without response. A drop is reported with `sink.disconnected(reason)`; the
 * core's session then reconnects by calling [connect] again.
 */
class GattGlassesTransport(private val context: Context) : GlassesTransport {
    private val uuids = glassesGattUuids()
    private val serviceUuid: UUID = UUID.fromString(uuids.service)
    private val writeUuid: UUID = UUID.fromString(uuids.write)
    private val notifyUuid: UUID = UUID.fromString(uuids.notify)

    private val lock = Any()
    private var gatt: BluetoothGatt? = null
    private var writeCharacteristic: BluetoothGattCharacteristic? = null
    private var sink: GlassesSink? = null
    private var mtu = 23

    @SuppressLint("MissingPermission") // checked by requireConnectPermission()
    override fun connect(deviceId: String, sink: GlassesSink) {
        requireConnectPermission()
        val adapter = context.getSystemService(BluetoothManager::class.java)?.adapter
            ?: throw TransportFailure.Unavailable("this device has no Bluetooth adapter")
        if (!adapter.isEnabled) throw TransportFailure.Unavailable("Bluetooth is turned off")
        val device = try {
            adapter.getRemoteDevice(deviceId)
        } catch (e: IllegalArgumentException) {
            throw TransportFailure.Failed("not a Bluetooth address: ${e.message}")
        }
        synchronized(lock) {
            gatt?.close()
            this.sink = sink
            writeCharacteristic = null
            mtu = 23
            gatt = device.connectGatt(context, false, callback, BluetoothDevice.TRANSPORT_LE)
                ?: throw TransportFailure.Failed("connectGatt returned no connection")
        }
    }

    @SuppressLint("MissingPermission")
    override fun write(packet: ByteArray) {
        val (gatt, characteristic) = synchronized(lock) { gatt to writeCharacteristic }
        if (gatt == null || characteristic == null) {
            throw TransportFailure.Disconnected("not connected")
        }
        val queued = if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU) {
            gatt.writeCharacteristic(
                characteristic, packet, BluetoothGattCharacteristic.WRITE_TYPE_NO_RESPONSE,
            ) == BluetoothStatusCodes.SUCCESS
        } else {
            @Suppress("DEPRECATION")
            characteristic.writeType = BluetoothGattCharacteristic.WRITE_TYPE_NO_RESPONSE
            @Suppress("DEPRECATION")
            characteristic.value = packet
            @Suppress("DEPRECATION")
            gatt.writeCharacteristic(characteristic)
        }
        if (!queued) throw TransportFailure.Failed("the Bluetooth write queue is full")
    }

    @SuppressLint("MissingPermission")
    override fun disconnect() {
        synchronized(lock) { gatt }?.disconnect()
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

    private fun currentSink(): GlassesSink? = synchronized(lock) { sink }

    private fun fail(gatt: BluetoothGatt, reason: String) {
        currentSink()?.disconnected(reason)
        closeIfCurrent(gatt)
    }

    @SuppressLint("MissingPermission")
    private fun closeIfCurrent(gatt: BluetoothGatt) {
        synchronized(lock) {
            if (this.gatt === gatt) {
                this.gatt = null
                writeCharacteristic = null
            }
        }
        gatt.close()
    }

    @SuppressLint("MissingPermission")
    private val callback = object : BluetoothGattCallback() {
        override fun onConnectionStateChange(gatt: BluetoothGatt, status: Int, newState: Int) {
            when {
                status != BluetoothGatt.GATT_SUCCESS -> fail(gatt, "GATT status $status")
                newState == BluetoothProfile.STATE_CONNECTED -> {
                    gatt.requestConnectionPriority(BluetoothGatt.CONNECTION_PRIORITY_HIGH)
                    if (!gatt.requestMtu(517)) gatt.discoverServices()
                }
                newState == BluetoothProfile.STATE_DISCONNECTED -> fail(gatt, "disconnected")
            }
        }

        override fun onMtuChanged(gatt: BluetoothGatt, mtu: Int, status: Int) {
            val ready = synchronized(lock) {
                if (status == BluetoothGatt.GATT_SUCCESS) this@GattGlassesTransport.mtu = mtu
                writeCharacteristic != null
            }
            if (ready) {
                currentSink()?.mtuChanged(mtu.toUInt())
            } else {
                gatt.discoverServices()
            }
        }

        override fun onServicesDiscovered(gatt: BluetoothGatt, status: Int) {
            val service = gatt.getService(serviceUuid)
            val write = service?.getCharacteristic(writeUuid)
            val notify = service?.getCharacteristic(notifyUuid)
            if (status != BluetoothGatt.GATT_SUCCESS || write == null || notify == null) {
                fail(gatt, "the device does not offer the Sightline service")
                return
            }
            val cccd = notify.getDescriptor(CLIENT_CONFIG)
            if (!gatt.setCharacteristicNotification(notify, true) || cccd == null) {
                fail(gatt, "cannot enable notifications")
                return
            }
            synchronized(lock) { writeCharacteristic = write }
            val value = BluetoothGattDescriptor.ENABLE_NOTIFICATION_VALUE
            if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU) {
                gatt.writeDescriptor(cccd, value)
            } else {
                @Suppress("DEPRECATION")
                cccd.value = value
                @Suppress("DEPRECATION")
                gatt.writeDescriptor(cccd)
            }
        }

        override fun onDescriptorWrite(gatt: BluetoothGatt, descriptor: BluetoothGattDescriptor, status: Int) {
            if (descriptor.uuid != CLIENT_CONFIG) return
            if (status == BluetoothGatt.GATT_SUCCESS) {
                currentSink()?.connected(synchronized(lock) { mtu }.toUInt())
            } else {
                fail(gatt, "enabling notifications failed with status $status")
            }
        }

        override fun onCharacteristicChanged(
            gatt: BluetoothGatt,
            characteristic: BluetoothGattCharacteristic,
            value: ByteArray,
        ) {
            if (characteristic.uuid == notifyUuid) currentSink()?.notification(value)
        }

        @Deprecated("Used before Android 13")
        override fun onCharacteristicChanged(gatt: BluetoothGatt, characteristic: BluetoothGattCharacteristic) {
            @Suppress("DEPRECATION")
            val value = characteristic.value ?: return
            if (characteristic.uuid == notifyUuid) currentSink()?.notification(value)
        }
    }

    private companion object {
        /** The Client Characteristic Configuration descriptor that switches notifications on. */
        val CLIENT_CONFIG: UUID = UUID.fromString("00002902-0000-1000-8000-00805f9b34fb")
    }
}
