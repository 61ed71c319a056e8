import Speech
import SwiftUI
import Sightline

/// Pairing until the glasses are ready, then the card feed and the ask box; the confirmation
/// sheet for payments and unlocks.
struct ContentView: View {
    @EnvironmentObject var model: CompanionModel

    var body: some View {
        NavigationStack {
            VStack(alignment: .leading, spacing: 12) {
                Text(ShellWords.link(model.link))
                if let error = model.error { Text(ShellWords.notice(error)).foregroundStyle(.red) }
                if model.link != "ready" { PairingView() }
                AskView()
                List(Array(model.cards.enumerated()), id: \.offset) { _, card in CardView(card: card) }
            }
            .padding()
            .navigationTitle("Sightline")
        }
        .sheet(item: $model.pending) { pending in ConfirmationSheet(pending: pending) }
    }
}

/// Find glasses, pick one, compare the 6-digit codes.
struct PairingView: View {
    @EnvironmentObject var model: CompanionModel

    var body: some View {
        if let code = model.pairingCode {
            VStack(alignment: .leading) {
                Text(ShellWords.text(.pairingQuestion))
                Text(code).font(.largeTitle.monospacedDigit())
                HStack {
                    Button(ShellWords.text(.pairingMatch)) { model.answerPairing(true) }.buttonStyle(.borderedProminent)
                    Button(ShellWords.text(.pairingDiffer)) { model.answerPairing(false) }
                }
            }
        } else {
            VStack(alignment: .leading) {
                Button(ShellWords.text(.findGlasses)) { model.scan() }
                ForEach(model.found) { glasses in
                    // The advertised name and the family's (a product name, in no language).
                    let name = glasses.name ?? ShellWords.text(.unnamedGlasses)
                    Button(name + " · " + String(describing: glasses.family)) { model.pair(glasses) }
                }
            }
        }
    }
}

/// A text field and a microphone button (on-device speech recognition where available).
struct AskView: View {
    @EnvironmentObject var model: CompanionModel
    @State private var text = ""
    @StateObject private var listener = SpeechListener()

    var body: some View {
        HStack {
            TextField(ShellWords.text(.ask), text: $text).textFieldStyle(.roundedBorder)
            Button(ShellWords.text(.send)) { model.ask(text); text = "" }.disabled(text.isEmpty)
            Button(listener.listening ? ShellWords.text(.stopListening) : "🎤") {
                if listener.listening { listener.stop() } else { listener.start { model.ask($0) } }
            }
        }
    }
}

/// One card of the feed.
struct CardView: View {
    let card: Card

    var body: some View {
        VStack(alignment: .leading, spacing: 4) {
            Text(card.title).font(.headline)
            ForEach(card.lines, id: \.self) { Text($0) }
            Text(card.why).font(.caption).foregroundStyle(.secondary)
        }
    }
}

/// The explicit yes a payment or an unlock needs. Declining charges nothing.
struct ConfirmationSheet: View {
    @EnvironmentObject var model: CompanionModel
    let pending: PendingConfirmation

    var body: some View {
        VStack(spacing: 16) {
            Text(pending.summary)
            if let total = pending.total {
                Text(ShellWords.text(.total))
                Text(total).font(.title)
            }
            Button(ShellWords.text(.confirm)) { model.confirmPending() }.buttonStyle(.borderedProminent)
            Button(ShellWords.text(.cancel), role: .cancel) { model.declinePending() }
        }
        .padding()
        .presentationDetents([.medium])
    }
}
