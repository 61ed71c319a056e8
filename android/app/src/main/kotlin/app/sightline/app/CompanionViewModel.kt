package app.sightline.app

import android.app.Application
import androidx.lifecycle.AndroidViewModel
import androidx.lifecycle.viewModelScope
import app.sightline.android.FoundGlasses
import app.sightline.android.GattGlassesTransport
import app.sightline.android.GlassesScanner
import app.sightline.android.KeystoreKeyVault
import app.sightline.android.LocaleFollower
import app.sightline.android.ScanUpdate
import app.sightline.android.ShellNotice
import app.sightline.android.ShellWords
import app.sightline.android.followLocaleChanges
import app.sightline.core.Card
import app.sightline.core.Companion
import app.sightline.core.CompanionConfig
import app.sightline.core.CompanionEvent
import app.sightline.core.CompanionListener
import app.sightline.core.ShellMessage
import app.sightline.core.Subscription
import app.sightline.core.companionWithKeyVault
import app.sightline.core.defaultPrivacySettings
import app.sightline.core.defaultProviderSettings
import app.sightline.core.glassesGattProfile
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import java.io.File
import java.util.Locale

/** A payment or unlock waiting for the user's explicit yes. */
data class PendingConfirmation(val actionId: String, val summary: String, val total: String?)

/** Everything the screens show; produced only from the core's events and answers. */
data class UiState(
    /** The link's state name: `scanning`, `connecting`, `pairing`, `ready`, `reconnecting`, `stopped`. */
    val link: String = "stopped",
    val pairingCode: String? = null,
    val cards: List<Card> = emptyList(),
    val pending: PendingConfirmation? = null,
    /** Glasses found by the running or last scan. */
    val found: List<FoundGlasses> = emptyList(),
    val scanning: Boolean = false,
    val busy: Boolean = false,
    /** What the screen tells the wearer about the app itself, put into words when shown. */
    val error: ShellNotice? = null,
)

/**
 * Holds the one [Companion] of the app and turns its events into [UiState]. The companion
 * opens its database off the main thread; every call waits for it. The listener is called on
 * a core thread; it only updates a StateFlow, which Compose collects on the main thread.
 */
class CompanionViewModel(application: Application) : AndroidViewModel(application) {
    private val state = MutableStateFlow(UiState())
    val ui: StateFlow<UiState> = state.asStateFlow()

    /** The app's own words, in the phone's language at the time they are shown. */
    val words = ShellWords { Locale.getDefault().toLanguageTag() }

    private val core = CompletableDeferred<Companion>()
    @Volatile private var opened: Companion? = null
    private var subscription: Subscription? = null
    private var scan: Job? = null
    private var localeChanges: AutoCloseable? = null

    init {
        viewModelScope.launch {
            try {
                val started = withContext(Dispatchers.IO) { open(application) }
                // Cards, speech and receipts in the phone's language (Chinese or English),
                // now and after every change of it in Settings while the app runs.
                val follower = LocaleFollower({ Locale.getDefault().toLanguageTag() }) { tag ->
                    started.setLanguage(tag)
                }
                follower.sync()
                localeChanges = application.followLocaleChanges(follower)
                subscription = started.subscribe(object : CompanionListener {
                    override fun onEvent(event: CompanionEvent) = onCoreEvent(event)
                })
                opened = started
                NotificationRelay.companion = started
                core.complete(started)
            } catch (e: CancellationException) {
                throw e
            } catch (e: Exception) {
                startFailed(e)
            } catch (e: LinkageError) {
                // The library did not load (a broken install): shown, never a crash.
                startFailed(e)
            }
        }
    }

    private fun startFailed(e: Throwable) {
        core.completeExceptionally(e)
        state.update { it.copy(error = ShellNotice.StartFailed(e)) }
    }

    /**
     * Opens the companion with its secrets sealed by a key in the Android Keystore. The data
     * folder is kept out of backups and device transfers (`res/xml/data_extraction_rules.xml`).
     */
    private fun open(application: Application) = companionWithKeyVault(
        CompanionConfig(
            dataDir = File(application.filesDir, "sightline").path,
            modelsDir = File(application.filesDir, "models").path,
            privacy = defaultPrivacySettings(),
            providers = defaultProviderSettings(),
        ),
        KeystoreKeyVault(application),
    )

    private fun onCoreEvent(event: CompanionEvent) {
        when (event) {
            is CompanionEvent.CardShown -> state.update { it.copy(cards = listOf(event.card) + it.cards.take(49)) }
            is CompanionEvent.ConfirmationNeeded -> state.update {
                it.copy(pending = PendingConfirmation(event.actionId, event.summary, event.total?.display))
            }
            is CompanionEvent.LinkChanged -> state.update { it.copy(link = event.state) }
            is CompanionEvent.PairingCode -> state.update { it.copy(pairingCode = event.code) }
            else -> Unit
        }
    }

    /** Scans for glasses of every family until [stopScan] or a problem, which is shown. */
    fun startScan() {
        scan?.cancel()
        state.update { it.copy(found = emptyList(), scanning = true, error = null) }
        scan = viewModelScope.launch {
            GlassesScanner(getApplication<Application>()).scan().collect { update ->
                when (update) {
                    is ScanUpdate.Found -> state.update { it.copy(found = it.found + update.glasses) }
                    is ScanUpdate.Stopped -> state.update { it.copy(error = ShellNotice.Advice(update.problem.advice)) }
                }
            }
            state.update { it.copy(scanning = false) }
        }
    }

    /** Stops a running scan. */
    fun stopScan() {
        scan?.cancel()
        scan = null
        state.update { it.copy(scanning = false) }
    }

    /** The result of the runtime permission request: a refusal is explained, not ignored. */
    fun permissionsAnswered(results: Map<String, Boolean>) {
        val refused = results.filterValues { !it }.keys
        if (refused.isEmpty()) {
            startScan()
        } else {
            state.update { it.copy(error = ShellNotice.Advice(ShellMessage.BLUETOOTH_REFUSED)) }
        }
    }

    /**
     * Connects to [glasses] over BluetoothGatt, with the core's GATT profile of their family,
     * and starts the link; for Sightline glasses the comparison code arrives as a
     * [CompanionEvent.PairingCode] the first time.
     */
    fun pair(glasses: FoundGlasses) {
        stopScan()
        val transport = GattGlassesTransport(getApplication<Application>(), glassesGattProfile(glasses.family))
        work { it.pair(glasses.deviceId, glasses.family, transport) }
    }

    /** The user's answer to "do the glasses show the same code?". */
    fun answerPairing(matches: Boolean) = work {
        it.confirmPairing(matches)
        state.update { s -> s.copy(pairingCode = null) }
    }

    /** Asks in words (typed or recognized speech); the answer card arrives as an event too. */
    fun ask(utterance: String) = work { it.ask(utterance) }

    /** The user confirmed the pending payment or unlock. */
    fun confirmPending() {
        val pending = state.value.pending ?: return
        state.update { it.copy(pending = null) }
        work { it.confirm(pending.actionId) }
    }

    /** The user declined the pending payment or unlock: nothing is charged. */
    fun declinePending() = state.update { it.copy(pending = null) }

    private fun work(block: suspend (Companion) -> Unit) {
        viewModelScope.launch {
            state.update { it.copy(busy = true, error = null) }
            try {
                block(core.await())
            } catch (e: CancellationException) {
                throw e
            } catch (e: Exception) {
                // Typed core errors and anything else (a revoked permission): shown by their
                // kind in the wearer's language, never a crash.
                state.update { it.copy(error = ShellNotice.Failed(e)) }
            } catch (e: LinkageError) {
                // The library never loaded (the start failure is on screen): not a crash either.
                state.update { it.copy(error = ShellNotice.StartFailed(e)) }
            } finally {
                state.update { it.copy(busy = false) }
            }
        }
    }

    override fun onCleared() {
        NotificationRelay.companion = null
        localeChanges?.close()
        scan?.cancel()
        subscription?.close()
        opened?.close()
    }
}
