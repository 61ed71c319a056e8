package app.sightline.app

import android.app.Application
import androidx.lifecycle.AndroidViewModel
import androidx.lifecycle.viewModelScope
import app.sightline.android.GattGlassesTransport
import app.sightline.core.Card
import app.sightline.core.Companion
import app.sightline.core.CompanionConfig
import app.sightline.core.CompanionEvent
import app.sightline.core.CompanionListener
import app.sightline.core.SightlineException
import app.sightline.core.Subscription
import app.sightline.core.defaultPrivacySettings
import app.sightline.core.defaultProviderSettings
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import java.io.File

/** A payment or unlock waiting for the user's explicit yes. */
data class PendingConfirmation(val actionId: String, val summary: String, val total: String?)

/** Everything the screens show; produced only from the core's events and answers. */
data class UiState(
    /** The link's state name: `scanning`, `connecting`, `pairing`, `ready`, `reconnecting`, `stopped`. */
    val link: String = "stopped",
    val pairingCode: String? = null,
    val cards: List<Card> = emptyList(),
    val pending: PendingConfirmation? = null,
    val busy: Boolean = false,
    val error: String? = null,
)

/**
 * Holds the one [Companion] of the app and turns its events into [UiState]. The listener is
 * called on a core thread; it only updates a StateFlow, which Compose collects on the main
 * thread.
 */
class CompanionViewModel(application: Application) : AndroidViewModel(application) {
    private val state = MutableStateFlow(UiState())
    val ui: StateFlow<UiState> = state.asStateFlow()

    private val companion: Companion = Companion(
        CompanionConfig(
            dataDir = File(application.filesDir, "sightline").path,
            modelsDir = File(application.filesDir, "models").path,
            privacy = defaultPrivacySettings(),
            providers = defaultProviderSettings(),
        ),
    )
    private val transport = GattGlassesTransport(application)
    private val subscription: Subscription = companion.subscribe(object : CompanionListener {
        override fun onEvent(event: CompanionEvent) = onCoreEvent(event)
    })

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

    /**
     * Connects to the glasses at [address] over BluetoothGatt and starts the link; the first
     * time, the comparison code arrives as a [CompanionEvent.PairingCode].
     */
    fun pair(address: String) = work { companion.pair(address, transport) }

    /** The user's answer to "do the glasses show the same code?". */
    fun answerPairing(matches: Boolean) = work {
        companion.confirmPairing(matches)
        state.update { it.copy(pairingCode = null) }
    }

    /** Asks in words (typed or recognized speech); the answer card arrives as an event too. */
    fun ask(utterance: String) = work { companion.ask(utterance) }

    /** The user confirmed the pending payment or unlock. */
    fun confirmPending() {
        val pending = state.value.pending ?: return
        state.update { it.copy(pending = null) }
        work { companion.confirm(pending.actionId) }
    }

    /** The user declined the pending payment or unlock: nothing is charged. */
    fun declinePending() = state.update { it.copy(pending = null) }

    private fun work(block: suspend () -> Unit) {
        viewModelScope.launch {
            state.update { it.copy(busy = true, error = null) }
            try {
                block()
            } catch (e: SightlineException) {
                state.update { it.copy(error = e.message) }
            } finally {
                state.update { it.copy(busy = false) }
            }
        }
    }

    override fun onCleared() {
        subscription.close()
        companion.close()
    }
}
