package app.sightline.tests

import app.sightline.core.CompanionEvent
import app.sightline.core.CompanionListener
import app.sightline.core.ForgetScope
import app.sightline.core.GlassesFamily
import app.sightline.core.NotificationDelivery
import app.sightline.core.SightlineException
import app.sightline.core.CardKind
import app.sightline.core.coreVersion
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking
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
            c.setPreference("shoe_size", "42")
            c.setPreference("proactive.quiet", "true")
            val prefs = c.preferences().associate { it.key to it.valueJson }
            check(prefs == mapOf("proactive.quiet" to "true", "shoe_size" to "42")) { "$prefs" }
            check(c.removePreference("proactive.quiet")) { "remove said absent" }
            check(!c.removePreference("proactive.quiet")) { "removed twice" }
        }
    }

    t.test("bad input is a typed exception and changes nothing") {
        newCompanion().use { c ->
            c.setPreference("shoe_size", "42")
            val e = runCatching { c.setPreference("shoe_size", "{not json") }.exceptionOrNull()
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
            c.setPreference("shoe_size", "41")
            check(recorder.next<CompanionEvent.PreferenceChanged>().key == "shoe_size") { "wrong key" }
            subscription.cancel()
            check(subscription.isCancelled()) { "not cancelled" }
            c.setPreference("proactive.quiet", "true")
            c.forget(ForgetScope.All)
            check(recorder.quietFor(300)) { "event after cancel: ${recorder.events.peek()}" }
        }
    }

    t.test("closing the subscription handle stops the events") {
        newCompanion().use { c ->
            val recorder = Recorder()
            c.subscribe(recorder).use { c.setPreference("shoe_size", "41"); recorder.next<CompanionEvent.PreferenceChanged>() }
            c.setPreference("proactive.quiet", "true")
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
                c.setPreference("shoe_size", "41")
                c.setPreference("proactive.quiet", "true")
                good.next<CompanionEvent.PreferenceChanged> { it.key == "proactive.quiet" }
                // Each subscription has its own forwarding task: give the bad one time to catch up.
                val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10)
                while (thrown.get() < 2 && System.nanoTime() < deadline) Thread.sleep(5)
                check(thrown.get() == 2) { "bad listener called ${thrown.get()} times" }
                // The companion still answers and events still flow after the exceptions.
                c.setPreference("proactive.place_front", "false")
                good.next<CompanionEvent.PreferenceChanged> { it.key == "proactive.place_front" }
            }
            bad.close()
        }
    }

    t.test("an unknown preference key is refused") {
        newCompanion().use { c ->
            val e = runCatching { c.setPreference("shoe-size", "42") }.exceptionOrNull()
            check(e is SightlineException.InvalidInput) { "got $e" }
            check((e as SightlineException.InvalidInput).reason.contains("shoe_size")) { e.reason }
            check(runCatching { c.setPreference("shoe_size", "420") }.exceptionOrNull() is SightlineException.InvalidInput) { "size" }
            check(c.preferences().isEmpty()) { "stored ${c.preferences()}" }
        }
    }

    t.test("many threads at once") {
        newCompanion().use { c ->
            // One real key per thread, each written many times.
            val keys = listOf(
                "shoe_size", "proactive.quiet", "proactive.landmark_guide", "proactive.product_compare",
                "proactive.place_front", "proactive.bike_unlock", "proactive.shop_question", "notifications.apps",
            )
            fun valueOf(key: String, i: Int) = when (key) {
                "shoe_size" -> "${30 + i % 20}"
                "notifications.apps" -> "[\"app.n$i\"]"
                else -> if (i % 2 == 0) "true" else "false"
            }
            val threads = keys.size
            val perThread = 25
            val pool = Executors.newFixedThreadPool(threads)
            val start = CountDownLatch(1)
            val errors = AtomicInteger()
            repeat(threads) { n ->
                pool.execute {
                    start.await()
                    try {
                        repeat(perThread) { i ->
                            c.setPreference(keys[n], valueOf(keys[n], i))
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
            val stored = c.preferences().associate { it.key to it.valueJson }
            val last = keys.associateWith { valueOf(it, perThread - 1) }
            check(stored == last) { "lost writes: $stored" }
        }
    }

    val harbin = "plan my trip to Harbin next week and get me snow boots before I leave"

    t.test("ask from a coroutine plans one card; confirm pays once") {
        newCompanion().use { c ->
            val recorder = Recorder()
            c.subscribe(recorder).use {
                val card = runBlocking { c.ask(harbin) }
                check(card.kind == CardKind.PLAN) { "kind ${card.kind}" }
                val pay = card.actions.single { it.requiresConfirmation }
                val shown = recorder.next<CompanionEvent.CardShown>()
                check(shown.trigger == "asked" && shown.card.title == card.title) { "$shown" }
                val needed = recorder.next<CompanionEvent.ConfirmationNeeded>()
                check(needed.actionId == pay.id) { "$needed" }
                val receipt = runBlocking { c.confirm(pay.id) }
                check(receipt.kind == CardKind.RECEIPT) { "kind ${receipt.kind}" }
                val again = runCatching { runBlocking { c.confirm(pay.id) } }.exceptionOrNull()
                check(again is SightlineException.InvalidInput) { "pressed twice: $again" }
                check(c.history(10u).size == 2) { "history ${c.history(10u).size}" }
            }
        }
    }

    t.test("a card says the language it is written in") {
        newCompanion().use { c ->
            check(c.setLanguage("zh-Hans-CN") == "zh") { "zh-Hans-CN" }
            // The phone is in Chinese; a question in English is still answered in English.
            val english = runBlocking { c.ask("sing me a song") }
            check(english.kind == CardKind.NOT_UNDERSTOOD && english.language == "en") { "$english" }
            val chinese = runBlocking { c.ask("唱首歌给我听") }
            check(chinese.language == "zh" && chinese.title == "抱歉，没听懂") { "$chinese" }
            // The line under a card is in the card's language, with no word of the app's own.
            check(english.why == "Why: ${english.reason}" && chinese.why == "原因：${chinese.reason}") {
                "${english.why} / ${chinese.why}"
            }
            check(c.setLanguage("en-GB") == "en") { "en-GB" }
        }
    }

    t.test("pairing with the simulated glasses compares codes and connects") {
        newCompanion().use { c ->
            val recorder = Recorder()
            c.subscribe(recorder).use {
                runBlocking { c.pairSimulated("sim-kotlin", GlassesFamily.SIGHTLINE) }
                val code = recorder.next<CompanionEvent.PairingCode>(30).code
                check(code.length == 6 && code.all { it.isDigit() }) { code }
                runBlocking { c.confirmPairing(true) }
                recorder.next<CompanionEvent.LinkChanged>(30) { it.state == "ready" }
                val glasses = recorder.next<CompanionEvent.GlassesConnected>(30)
                check(glasses.displayWidth == 640u && glasses.displayHeight == 400u) { "$glasses" }
                runBlocking { c.disconnect() }
            }
        }
    }

    t.test("a simulated Even G1 pairs through the FFI with its own driver") {
        newCompanion().use { c ->
            val recorder = Recorder()
            c.subscribe(recorder).use {
                runBlocking { c.pairSimulated("sim-g1-kotlin", GlassesFamily.G1) }
                val caps = recorder.next<CompanionEvent.GlassesCapabilities>(30)
                check(caps.family == "g1" && !caps.camera) { "$caps" }
                recorder.next<CompanionEvent.LinkChanged>(30) { it.state == "ready" }
                val glasses = recorder.next<CompanionEvent.GlassesConnected>(30)
                check(glasses.displayWidth > 0u && !glasses.camera) { "$glasses" }
                runBlocking { c.disconnect() }
            }
        }
    }

    t.test("browser: phone notifications reach a simulated Even G1 through the FFI") {
        newCompanion().use { c ->
            val recorder = Recorder()
            c.subscribe(recorder).use {
                val at = 1_795_658_400_000L
                val none = runBlocking { c.notify("com.tencent.mm", "WeChat", "李娜", "晚上见", at) }
                check(none == NotificationDelivery.NO_GLASSES) { "$none" }
                runBlocking { c.pairSimulated("sim-g1-kotlin-notify", GlassesFamily.G1) }
                recorder.next<CompanionEvent.LinkChanged>(30) { it.state == "ready" }
                val shown = runBlocking { c.notify("com.tencent.mm", "WeChat", "李娜", "今晚七点见\n第二行", at) }
                check(shown == NotificationDelivery.SHOWN) { "$shown" }
                val other = runBlocking { c.notify("com.taobao.taobao", "淘宝", "双十二", "全场五折", at) }
                check(other == NotificationDelivery.NOT_ALLOWED) { "$other" }
                val empty = runCatching { runBlocking { c.notify("com.tencent.mm", "WeChat", "", "", at) } }
                check(empty.exceptionOrNull() is SightlineException.InvalidInput) { "$empty" }
                check(c.history(10u).isEmpty()) { "notifications are not kept in history" }
                runBlocking { c.disconnect() }
            }
        }
    }

    t.test("see reads a real photo") {
        // A merchant's payment QR photographed on a phone (../shared/photos, next to the repo).
        val picture = java.io.File("../shared/photos/weixin_pay.jpg").readBytes()
        newCompanion().use { c ->
            val recorder = Recorder()
            c.subscribe(recorder).use {
                runBlocking { c.see(picture) }
                val seen = recorder.next<CompanionEvent.FrameSeen>(60)
                check("推荐使用微信支付" in seen.texts) { "${seen.texts}" }
                check(seen.qrPayloads.any { it.startsWith("wxp://") }) { "${seen.qrPayloads}" }
            }
        }
    }

    t.test("a bad picture and a bad position are typed exceptions") {
        newCompanion().use { c ->
            for (picture in listOf(ByteArray(0), "not a picture".toByteArray())) {
                val e = runCatching { runBlocking { c.see(picture) } }.exceptionOrNull()
                check(e is SightlineException.InvalidInput) { "got $e" }
            }
            val e = runCatching { c.updateLocation(123.0, 500.0, null, null) }.exceptionOrNull()
            check(e is SightlineException.InvalidInput) { "got $e" }
            val noGlasses = runCatching { runBlocking { c.look() } }.exceptionOrNull()
            check(noGlasses is SightlineException.Glasses) { "got $noGlasses" }
        }
    }

    t.test("asks from several coroutines at once") {
        newCompanion().use { c ->
            val cards = runBlocking {
                (1..6).map { async { c.ask("where can I buy snow boots") } }.awaitAll()
            }
            check(cards.size == 6) { "${cards.size}" }
        }
    }

    voiceTests(t)
    shellTextTests(t)

    exitProcess(t.finish())
}
