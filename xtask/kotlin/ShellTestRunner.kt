package app.sightline.xtask

import org.junit.runner.Description
import org.junit.runner.JUnitCore
import org.junit.runner.notification.Failure
import org.junit.runner.notification.RunListener
import kotlin.system.exitProcess

/**
 * Runs the JUnit 4 classes named in [args] (the Android shells' desktop-JVM unit tests) and
 * prints one line per test and the closing `N passed, N failed` that `cargo xtask test` sums.
 * Gradle runs the same classes with its own runner on a machine with the Android SDK.
 */
fun main(args: Array<String>) {
    val core = JUnitCore()
    val failed = HashSet<Description>()
    core.addListener(object : RunListener() {
        override fun testFailure(failure: Failure) {
            failed.add(failure.description)
            println("FAIL ${failure.description.methodName}: ${failure.message}")
            println(failure.trace)
        }

        override fun testFinished(description: Description) {
            if (description !in failed) println("ok   ${description.methodName}")
        }
    })
    val result = core.run(*args.map { Class.forName(it) }.toTypedArray())
    println("${result.runCount - result.failureCount} passed, ${result.failureCount} failed")
    exitProcess(if (result.wasSuccessful()) 0 else 1)
}
