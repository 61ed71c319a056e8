package app.sightline.tests

import app.sightline.core.CompanionEvent
import app.sightline.core.SightlineException
import app.sightline.core.VoiceRecognizer
import java.nio.ByteBuffer
import java.nio.ByteOrder
import java.nio.file.Files
import kotlinx.coroutines.runBlocking

/** A WAV file's 16-bit mono samples and sample rate. */
fun readWav(bytes: ByteArray): Pair<List<Short>, Int> {
    val buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN)
    val rate = buffer.getInt(24)
    var data = 12
    while (String(bytes, data, 4, Charsets.US_ASCII) != "data") {
        data += 8 + buffer.getInt(data + 4)
    }
    val samples = (data + 8 until bytes.size - 1 step 2).map { buffer.getShort(it) }
    return samples to rate
}

/** `text` spoken by espeak-ng: its 16-bit mono samples and sample rate. */
fun espeak(text: String): Pair<List<Short>, Int> {
    val wav = Files.createTempFile("sightline-voice", ".wav")
    val espeak = ProcessBuilder("espeak-ng", "-v", "en-us", "-s", "160", "-w", wav.toString(), text)
        .inheritIO().start()
    check(espeak.waitFor() == 0) { "espeak-ng failed" }
    return readWav(Files.readAllBytes(wav))
}

/** The voice tests: a WAV spoken by espeak-ng goes through the FFI as PCM. */
fun voiceTests(t: Harness) {
    t.test("voice: the phone's microphone is heard by the companion and answers the card") {
        newCompanion().use { c ->
            val recorder = Recorder()
            c.subscribe(recorder).use {
                // A command: heard, then asked (this also loads the models).
                val (command, rate) = espeak("Where is the nearest subway station?")
                val heard = runBlocking { c.hear(command, rate.toUInt()) }
                check(heard.single().lowercase().contains("subway")) { "heard: $heard" }
                val transcript = recorder.next<CompanionEvent.Transcript>(60) { it.isFinal }
                check(transcript.language == "en" && transcript.text == heard.single()) { "$transcript" }
                recorder.next<CompanionEvent.CardShown> { it.trigger == "asked" }
                // A plan waiting for its confirmation, answered "yes" aloud: paid.
                runBlocking { c.ask("plan my trip to Harbin next week and get me snow boots before I leave") }
                val (yes, yesRate) = espeak("Yes.")
                runBlocking { c.hear(yes, yesRate.toUInt()) }
                val answered = recorder.next<CompanionEvent.VoiceAnswered>(60)
                check(answered.answer == "yes" && answered.outcome == "confirmed") { "$answered" }
                recorder.next<CompanionEvent.CardShown> { it.trigger == "confirmed" }
                val silent = runCatching { runBlocking { c.hear(List(16000) { 0.toShort() }, 16000u) } }.exceptionOrNull()
                check(silent is SightlineException.InvalidInput) { "silence: $silent" }
            }
        }
    }
    t.test("voice: a spoken command is heard through the FFI") {
        val wav = Files.createTempFile("sightline-voice", ".wav")
        val espeak = ProcessBuilder(
            "espeak-ng", "-v", "en-us", "-s", "160", "-w", wav.toString(),
            "Where is the nearest subway station?",
        ).inheritIO().start()
        check(espeak.waitFor() == 0) { "espeak-ng failed" }
        val (samples, rate) = readWav(Files.readAllBytes(wav))
        val recognizer = VoiceRecognizer(System.getProperty("sightline.models") ?: "models", listOf("zh", "en"))
        val heard = recognizer.hear(samples, rate.toUInt())
        val words = heard.text.lowercase().replace(Regex("[^a-z ]"), "")
        check(words == "where is the nearest subway station") { "heard: ${heard.text}" }
        check(heard.language == "en" && heard.segments.size == 1) { "$heard" }
        val silent = runCatching { recognizer.hear(List(16000) { 0.toShort() }, 16000u) }.exceptionOrNull()
        check(silent is SightlineException.InvalidInput) { "silence: $silent" }
        val badLanguage = runCatching { VoiceRecognizer("models", listOf("fr")) }.exceptionOrNull()
        check(badLanguage is SightlineException.Configuration) { "fr: $badLanguage" }
    }
}
