package app.sightline.android

import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Test
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

/**
 * A GATT like Android's: one outstanding operation; a second start while one is outstanding
 * is refused (`writeCharacteristic` returns false / busy), and [complete] is the platform's
 * `onCharacteristicWrite`.
 */
private class FakeGatt {
    val written = ArrayList<Int>()
    var outstanding = 0
        private set
    var maxOutstanding = 0
        private set
    var refuseNext = false

    @Synchronized
    fun write(packet: Int): Boolean {
        if (outstanding > 0 || refuseNext) return false
        outstanding++
        maxOutstanding = maxOf(maxOutstanding, outstanding)
        written.add(packet)
        return true
    }

    @Synchronized
    fun finishOne(): Boolean {
        if (outstanding == 0) return false
        outstanding--
        return true
    }
}

class GattQueueShellTest {
    private val failures = ArrayList<String>()

    @Test
    fun shellWriteQueueKeepsOneWriteOutstandingAndReleasesTheNextOnCompletion() {
        val gatt = FakeGatt()
        val queue = GattQueue { failures.add(it) }
        // The core writes a step's packets in a tight loop, without waiting.
        for (packet in 1..5) assertTrue(queue.enqueue { gatt.write(packet) })
        assertEquals(listOf(1), gatt.written)
        assertEquals(4, queue.backlog)
        while (gatt.finishOne()) queue.completed(true)
        assertEquals((1..5).toList(), gatt.written)
        assertEquals(1, gatt.maxOutstanding)
        assertEquals(0, queue.backlog)
        assertEquals(emptyList<String>(), failures)
    }

    @Test
    fun shellWriteQueueFromManyThreadsNeverHasTwoWritesOutstanding() {
        val gatt = FakeGatt()
        val queue = GattQueue { failures.add(it) }
        val pool = Executors.newFixedThreadPool(4)
        val done = CountDownLatch(200)
        repeat(200) { packet ->
            pool.execute {
                assertTrue(queue.enqueue { gatt.write(packet) })
                done.countDown()
            }
        }
        // The platform's callback thread completes writes while they are queued.
        val callbacks = pool.submit {
            var completed = 0
            while (completed < 200) {
                if (gatt.finishOne()) {
                    completed++
                    queue.completed(true)
                } else {
                    Thread.yield()
                }
            }
        }
        assertTrue(done.await(10, TimeUnit.SECONDS))
        callbacks.get(10, TimeUnit.SECONDS)
        pool.shutdown()
        assertEquals((0 until 200).toSet(), gatt.written.toSet())
        assertEquals(200, gatt.written.size)
        assertEquals(1, gatt.maxOutstanding)
        assertEquals(emptyList<String>(), failures)
    }

    @Test
    fun shellWriteQueueRefusesBeyondItsCapacityWithoutLosingQueuedWrites() {
        val gatt = FakeGatt()
        val queue = GattQueue(capacity = 2) { failures.add(it) }
        assertTrue(queue.enqueue { gatt.write(1) }) // in flight
        assertTrue(queue.enqueue { gatt.write(2) })
        assertTrue(queue.enqueue { gatt.write(3) })
        assertFalse("a full queue must say so", queue.enqueue { gatt.write(4) })
        while (gatt.finishOne()) queue.completed(true)
        assertEquals(listOf(1, 2, 3), gatt.written)
    }

    @Test
    fun shellWriteQueueEndsTheConnectionOnceWhenTheStackRefusesOrAWriteFails() {
        val gatt = FakeGatt()
        val queue = GattQueue { failures.add(it) }
        gatt.refuseNext = true
        queue.enqueue { gatt.write(1) }
        assertEquals(1, failures.size)
        assertFalse("a failed queue takes no more writes", queue.enqueue { gatt.write(2) })

        val second = GattQueue { failures.add(it) }
        gatt.refuseNext = false
        second.enqueue { gatt.write(3) }
        second.enqueue { gatt.write(4) }
        gatt.finishOne()
        second.completed(false) // onCharacteristicWrite with an error status
        second.completed(false) // a late duplicate changes nothing
        assertEquals(2, failures.size)
        assertEquals(listOf(3), gatt.written)
    }

    @Test
    fun shellWriteQueueSurvivesAStackThatCallsBackBeforeReturning() {
        val written = ArrayList<Int>()
        lateinit var queue: GattQueue
        queue = GattQueue { failures.add(it) }
        for (packet in 1..3) {
            queue.enqueue {
                written.add(packet)
                queue.completed(true) // the callback arrives on the calling thread
                true
            }
        }
        assertEquals(listOf(1, 2, 3), written)
        assertEquals(emptyList<String>(), failures)
    }
}
