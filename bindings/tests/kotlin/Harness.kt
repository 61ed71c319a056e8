package app.sightline.tests

import app.sightline.core.Companion
import app.sightline.core.CompanionConfig
import app.sightline.core.CompanionEvent
import app.sightline.core.CompanionListener
import app.sightline.core.defaultPrivacySettings
import app.sightline.core.defaultProviderSettings
import java.nio.file.Files
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit

/** Counts results and prints the closing `N passed, N failed` line the test task sums. */
class Harness {
    private var passed = 0
    private var failed = 0

    fun test(name: String, body: () -> Unit) {
        try {
            body()
            passed++
            println("ok   $name")
        } catch (e: Throwable) {
            failed++
            println("FAIL $name: $e")
            e.printStackTrace(System.out)
        }
    }

    /** Prints the summary and returns the process exit code. */
    fun finish(): Int {
        println("$passed passed, $failed failed")
        return if (failed == 0) 0 else 1
    }
}

fun check(condition: Boolean, message: () -> String) {
    if (!condition) throw AssertionError(message())
}

/**
 * Every companion's data folder, and the key vault beside it, inside one folder that is
 * removed when the suite's JVM exits.
 */
private val dataRoot =
    Files.createTempDirectory("sightline-kotlin").also { root ->
        Runtime.getRuntime().addShutdownHook(Thread { root.toFile().deleteRecursively() })
    }

/** A companion over a fresh temporary data folder and the repository's models. */
fun newCompanion(): Companion {
    val dir = Files.createTempDirectory(dataRoot, "data")
    return Companion(
        CompanionConfig(
            dataDir = dir.toString(),
            modelsDir = System.getProperty("sightline.models") ?: "models",
            privacy = defaultPrivacySettings(),
            providers = defaultProviderSettings(),
        ),
    )
}

/** A listener that queues every event for the test thread to take. */
class Recorder : CompanionListener {
    val events = LinkedBlockingQueue<CompanionEvent>()

    override fun onEvent(event: CompanionEvent) {
        events.put(event)
    }

    /** Events passed over by [next], still available to later calls (arrival order). */
    val passed = ArrayList<CompanionEvent>()

    /**
     * The first event matching [match], looking at events passed over earlier first, so that
     * the order in which two awaited events arrive does not matter; fails after [seconds].
     */
    inline fun <reified T : CompanionEvent> next(seconds: Long = 10, match: (T) -> Boolean = { true }): T {
        val earlier = passed.indexOfFirst { it is T && match(it) }
        if (earlier >= 0) return passed.removeAt(earlier) as T
        val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds)
        while (true) {
            val left = deadline - System.nanoTime()
            val event = events.poll(maxOf(left, 0), TimeUnit.NANOSECONDS)
                ?: throw AssertionError("no ${T::class.simpleName} within $seconds s")
            if (event is T && match(event)) return event
            passed.add(event)
        }
    }

    /** True when no event arrives within [millis]. */
    fun quietFor(millis: Long): Boolean = events.poll(millis, TimeUnit.MILLISECONDS) == null
}
