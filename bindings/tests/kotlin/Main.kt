package app.sightline.tests

import app.sightline.core.CompanionEvent
import app.sightline.core.CompanionListener
import app.sightline.core.ForgetScope
import app.sightline.core.SightlineException
import app.sightline.core.coreVersion
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import kotlin.system.exitProcess

fun main() {
    val t = Harness()

    t.test("the library loads and reports its version") {
        check(coreVersion().isNotEmpty()) { "empty version" }
    }

    t.test("preferences round-trip through the database") {
        newCompanion().use { c ->
            c.setPreference("shoe_size_eu", "42")
            c.setPreference("proactive.quiet", "true")
            val prefs = c.preferences().associate { it.key to it.valueJson }
            check(prefs == mapOf("proactive.quiet" to "true", "shoe_size_eu" to "42")) { "$prefs" }
            check(c.removePreference("proactive.quiet")) { "remove said absent" }
            check(!c.removePreference("proactive.quiet")) { "removed twice" }
        }
    }

    t.test("bad input is a typed exception and changes nothing") {
        newCompanion().use { c ->
            c.setPreference("shoe_size_eu", "42")
            val e = runCatching { c.setPreference("shoe_size_eu", "{not json") }.exceptionOrNull()
            check(e is SightlineException.InvalidInput) { "got $e" }
            check((e as SightlineException.InvalidInput).reason.contains("JSON")) { e.reason }
            val scope = ForgetScope.Period(sinceMs = 10, untilMs = 5)
            check(runCatching { c.forget(scope) }.exceptionOrNull() is SightlineException.InvalidInput) { "period" }
            check(c.preferences().single().valueJson == "42") { "value changed" }
        }
    }

    t.test("a bad configuration is a typed exception") {
        val e = runCatching {
            app.sightline.core.Companion(
                app.sightline.core.CompanionConfig(
                    "", "models",
                    app.sightline.core.defaultPrivacySettings(),
                    app.sightline.core.defaultProviderSettings(),
                ),
            )
        }.exceptionOrNull()
        check(e is SightlineException.Configuration) { "got $e" }
    }

    t.test("events reach the listener; after cancel none arrive") {
        newCompanion().use { c ->
            val recorder = Recorder()
            val subscription = c.subscribe(recorder)
            c.setPreference("a", "1")
            check(recorder.next<CompanionEvent.PreferenceChanged>().key == "a") { "wrong key" }
            subscription.cancel()
            check(subscription.isCancelled()) { "not cancelled" }
            c.setPreference("b", "2")
            c.forget(ForgetScope.All)
            check(recorder.quietFor(300)) { "event after cancel: ${recorder.events.peek()}" }
        }
    }

    t.test("closing the subscription handle stops the events") {
        newCompanion().use { c ->
            val recorder = Recorder()
            c.subscribe(recorder).use { c.setPreference("a", "1"); recorder.next<CompanionEvent.PreferenceChanged>() }
            c.setPreference("b", "2")
            check(recorder.quietFor(300)) { "event after close" }
        }
    }

    t.test("a listener that throws does not break the companion or other listeners") {
        newCompanion().use { c ->
            val thrown = AtomicInteger()
            val bad = c.subscribe(object : CompanionListener {
                override fun onEvent(event: CompanionEvent) {
                    thrown.incrementAndGet()
                    throw IllegalStateException("listener bug")
                }
            })
            val good = Recorder()
            c.subscribe(good).use {
                c.setPreference("a", "1")
                c.setPreference("b", "2")
                good.next<CompanionEvent.PreferenceChanged> { it.key == "b" }
                // Each subscription has its own forwarding task: give the bad one time to catch up.
                val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10)
                while (thrown.get() < 2 && System.nanoTime() < deadline) Thread.sleep(5)
                check(thrown.get() == 2) { "bad listener called ${thrown.get()} times" }
                // The companion still answers and events still flow after the exceptions.
                c.setPreference("c", "3")
                good.next<CompanionEvent.PreferenceChanged> { it.key == "c" }
            }
            bad.close()
        }
    }

    t.test("many threads at once") {
        newCompanion().use { c ->
            val threads = 8
            val perThread = 25
            val pool = Executors.newFixedThreadPool(threads)
            val start = CountDownLatch(1)
            val errors = AtomicInteger()
            repeat(threads) { n ->
                pool.execute {
                    start.await()
                    try {
                        repeat(perThread) { i ->
                            c.setPreference("t$n.k$i", "$i")
                            c.history(10u)
                            c.preferences()
                        }
                    } catch (e: Throwable) {
                        errors.incrementAndGet()
                    }
                }
            }
            start.countDown()
            pool.shutdown()
            check(pool.awaitTermination(60, TimeUnit.SECONDS)) { "threads did not finish" }
            check(errors.get() == 0) { "${errors.get()} threads failed" }
            check(c.preferences().size == threads * perThread) { "lost writes: ${c.preferences().size}" }
        }
    }

    exitProcess(t.finish())
}
