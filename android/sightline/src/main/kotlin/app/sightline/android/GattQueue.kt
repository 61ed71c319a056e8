package app.sightline.android

/**
 * One BLE connection's GATT operations, started one at a time.
 *
 * Android's `BluetoothGatt` runs a single operation per connection: while a
 * `writeCharacteristic` or `writeDescriptor` is outstanding, the next one is refused (`false`,
 * or `ERROR_GATT_WRITE_REQUEST_BUSY` from Android 13), and only `onCharacteristicWrite` /
 * `onDescriptorWrite` say the stack is free again — for writes without response too. The
 * core's `Transport` contract, on the other hand, is that a write queues and never blocks: the
 * session writes a step's packets in a tight loop. This queue joins the two: [enqueue] returns
 * at once, the first operation starts, and each [completed] from the platform callback starts
 * the next.
 *
 * A refused start or a failed completion ends the queue and reports [onFailure] once: the
 * transport then drops the connection and the core's session reconnects with backoff (a lost
 * packet would otherwise corrupt the encrypted stream without anyone noticing).
 *
 * Plain Kotlin, no Android classes, so it is tested on the desktop JVM with a fake GATT.
 * Thread-safe: writes come from the core's threads, completions from Binder threads; an
 * operation is started outside the lock, so a stack that calls back synchronously is fine.
 */
class GattQueue(
    private val capacity: Int = DEFAULT_CAPACITY,
    private val onFailure: (reason: String) -> Unit,
) {
    /** One GATT call; returns whether the stack accepted it (a callback will follow). */
    fun interface Operation {
        /** Starts the call on the platform's GATT. */
        fun start(): Boolean
    }

    private val lock = Any()
    private val waiting = ArrayDeque<Operation>()
    private var inFlight = false
    private var closed = false

    /** How many operations wait behind the one in flight. */
    val backlog: Int get() = synchronized(lock) { waiting.size }

    /**
     * Queues [operation], starting it at once when the connection is idle. Returns `false`
     * (and queues nothing) when [capacity] operations already wait or the queue was closed.
     */
    fun enqueue(operation: Operation): Boolean {
        synchronized(lock) {
            if (closed || waiting.size >= capacity) return false
            waiting.addLast(operation)
        }
        pump()
        return true
    }

    /**
     * The platform finished the operation in flight (`onCharacteristicWrite`,
     * `onDescriptorWrite`); [success] is whether its status was `GATT_SUCCESS`. The next
     * operation starts; a failure ends the queue.
     */
    fun completed(success: Boolean) {
        synchronized(lock) {
            if (closed || !inFlight) return
            inFlight = false
        }
        if (success) pump() else fail("a GATT write failed")
    }

    /** Drops everything still waiting; later [enqueue] calls return `false`. */
    fun close() {
        synchronized(lock) {
            closed = true
            inFlight = false
            waiting.clear()
        }
    }

    private fun pump() {
        val next = synchronized(lock) {
            if (closed || inFlight) return
            val operation = waiting.removeFirstOrNull() ?: return
            inFlight = true
            operation
        }
        val accepted = try {
            next.start()
        } catch (e: RuntimeException) {
            // SecurityException (permission revoked), IllegalStateException (adapter off).
            false
        }
        if (!accepted) fail("the Bluetooth stack refused a GATT operation")
    }

    private fun fail(reason: String) {
        val first = synchronized(lock) {
            val first = !closed
            closed = true
            inFlight = false
            waiting.clear()
            first
        }
        if (first) onFailure(reason)
    }

    /** Defaults. */
    companion object {
        /**
         * Operations that may wait on one connection: several camera-frame requests and a
         * few display cards at the smallest MTU. More means the radio cannot keep up.
         */
        const val DEFAULT_CAPACITY = 512
    }
}
