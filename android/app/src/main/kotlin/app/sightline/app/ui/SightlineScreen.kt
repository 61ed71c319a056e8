package app.sightline.app.ui

import android.app.Activity
import android.content.Intent
import android.speech.RecognizerIntent
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.contract.ActivityResultContracts
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.ModalBottomSheet
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.unit.dp
import app.sightline.android.FoundGlasses
import app.sightline.android.ShellWords
import app.sightline.app.CompanionViewModel
import app.sightline.app.Permissions
import app.sightline.app.PendingConfirmation
import app.sightline.core.ShellMessage

/**
 * The app: pairing until the glasses are ready, then the card feed and the ask box. Every
 * word of the app's own comes from the core's catalogue through [CompanionViewModel.words], in
 * the phone's language (the activity is recreated when it changes, so the words follow).
 */
@Composable
fun SightlineScreen(model: CompanionViewModel) {
    val ui by model.ui.collectAsState()
    val words = model.words
    Scaffold { padding ->
        Column(Modifier.padding(padding).padding(16.dp).fillMaxSize()) {
            Text(words.link(ui.link))
            ui.error?.let {
                Text(words.notice(it), color = androidx.compose.material3.MaterialTheme.colorScheme.error)
            }
            if (ui.link != "ready") {
                PairingScreen(ui.pairingCode, ui.found, ui.scanning, model)
            }
            AskBox(enabled = !ui.busy, words = words, onAsk = model::ask)
            CardFeed(ui.cards, Modifier.weight(1f))
        }
        ui.pending?.let { ConfirmationSheet(it, words, model::confirmPending, model::declinePending) }
    }
}

/**
 * Scan (after asking for the Bluetooth permissions; a refusal is explained by the model), pick
 * glasses of any family, compare the codes.
 */
@Composable
fun PairingScreen(code: String?, found: List<FoundGlasses>, scanning: Boolean, model: CompanionViewModel) {
    val context = LocalContext.current
    val words = model.words
    val permissions = rememberLauncherForActivityResult(
        ActivityResultContracts.RequestMultiplePermissions(),
    ) { results -> model.permissionsAnswered(results) }

    if (code != null) {
        Text(words.text(ShellMessage.PAIRING_QUESTION))
        Text(code, style = androidx.compose.material3.MaterialTheme.typography.displayMedium)
        Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            Button(onClick = { model.answerPairing(true) }) { Text(words.text(ShellMessage.PAIRING_MATCH)) }
            OutlinedButton(onClick = { model.answerPairing(false) }) { Text(words.text(ShellMessage.PAIRING_DIFFER)) }
        }
        return
    }
    Button(onClick = {
        if (Permissions.granted(context, *Permissions.bluetooth)) model.startScan()
        else permissions.launch(Permissions.bluetooth)
    }) { Text(words.text(if (scanning) ShellMessage.SEARCHING else ShellMessage.FIND_GLASSES)) }
    found.forEach { glasses ->
        TextButton(onClick = { model.pair(glasses) }) {
            // The advertised name and the family's (a product name, in no language).
            val name = glasses.name ?: words.text(ShellMessage.UNNAMED_GLASSES)
            Text(name + " · " + glasses.family.name.lowercase())
        }
    }
}

/** A text field with a send button and a microphone button (the platform recognizer). */
@Composable
fun AskBox(enabled: Boolean, words: ShellWords, onAsk: (String) -> Unit) {
    var text by remember { mutableStateOf("") }
    val speech = rememberLauncherForActivityResult(ActivityResultContracts.StartActivityForResult()) { result ->
        val heard = result.data?.getStringArrayListExtra(RecognizerIntent.EXTRA_RESULTS)?.firstOrNull()
        if (result.resultCode == Activity.RESULT_OK && !heard.isNullOrBlank()) onAsk(heard)
    }
    Row(Modifier.fillMaxWidth(), horizontalArrangement = Arrangement.spacedBy(8.dp)) {
        OutlinedTextField(text, { text = it }, Modifier.weight(1f), label = { Text(words.text(ShellMessage.ASK)) })
        Button(enabled = enabled && text.isNotBlank(), onClick = { onAsk(text); text = "" }) {
            Text(words.text(ShellMessage.SEND))
        }
        OutlinedButton(enabled = enabled, onClick = {
            speech.launch(
                Intent(RecognizerIntent.ACTION_RECOGNIZE_SPEECH)
                    .putExtra(RecognizerIntent.EXTRA_LANGUAGE_MODEL, RecognizerIntent.LANGUAGE_MODEL_FREE_FORM),
            )
        }) { Text("🎤") }
    }
}

/** The live feed of cards, newest first. */
@Composable
fun CardFeed(cards: List<app.sightline.core.Card>, modifier: Modifier = Modifier) {
    LazyColumn(modifier, verticalArrangement = Arrangement.spacedBy(8.dp)) {
        items(cards) { card ->
            Card(Modifier.fillMaxWidth()) {
                Column(Modifier.padding(12.dp)) {
                    Text(card.title, style = androidx.compose.material3.MaterialTheme.typography.titleMedium)
                    card.lines.forEach { Text(it) }
                    Text(card.why, style = androidx.compose.material3.MaterialTheme.typography.labelSmall)
                }
            }
        }
    }
}

/** The explicit yes a payment or an unlock needs. Declining charges nothing. */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun ConfirmationSheet(pending: PendingConfirmation, words: ShellWords, onConfirm: () -> Unit, onDecline: () -> Unit) {
    ModalBottomSheet(onDismissRequest = onDecline) {
        Column(Modifier.padding(24.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
            Text(pending.summary)
            pending.total?.let {
                Text(words.text(ShellMessage.TOTAL))
                Text(it, style = androidx.compose.material3.MaterialTheme.typography.headlineSmall)
            }
            Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                Button(onClick = onConfirm) { Text(words.text(ShellMessage.CONFIRM)) }
                OutlinedButton(onClick = onDecline) { Text(words.text(ShellMessage.CANCEL)) }
            }
        }
    }
}
