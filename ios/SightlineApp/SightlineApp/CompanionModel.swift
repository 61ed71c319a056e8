import Foundation
import Sightline
import SightlineBluetooth

/// A payment or unlock waiting for the user's explicit yes.
struct PendingConfirmation: Identifiable {
    let id: String
    let summary: String
    let total: String?
}

/// Holds the one `Companion` and turns its events into published state. The listener runs on
/// a core thread and hops to the main actor before touching state.
@MainActor
final class CompanionModel: ObservableObject {
    @Published var link: String = "stopped"
    @Published var pairingCode: String?
    @Published var cards: [Card] = []
    @Published var pending: PendingConfirmation?
    @Published var error: String?
    @Published var found: [(id: UUID, name: String)] = []

    private let companion: Companion
    private let transport = CoreBluetoothTransport()
    private var subscription: Subscription?

    init() {
        let support = FileManager.default.urls(for: .applicationSupportDirectory, in: .userDomainMask)[0]
        do {
            companion = try Companion(config: CompanionConfig(
                dataDir: support.appendingPathComponent("sightline").path,
                modelsDir: Bundle.main.resourceURL?.appendingPathComponent("models").path ?? "models",
                privacy: defaultPrivacySettings(),
                providers: defaultProviderSettings()
            ))
        } catch {
            fatalError("the Sightline core could not start: \(error)")
        }
        subscription = try? companion.subscribe(listener: Listener(model: self))
        transport.onDiscovered = { [weak self] id, name, _ in
            Task { @MainActor in
                guard let self, !self.found.contains(where: { $0.id == id }) else { return }
                self.found.append((id, name ?? "Glasses"))
            }
        }
    }

    private final class Listener: CompanionListener {
        weak var model: CompanionModel?
        init(model: CompanionModel) { self.model = model }

        func onEvent(event: CompanionEvent) throws {
            Task { @MainActor [weak model] in model?.apply(event) }
        }
    }

    private func apply(_ event: CompanionEvent) {
        switch event {
        case let .cardShown(card, _, _):
            cards.insert(card, at: 0)
        case let .confirmationNeeded(actionId, summary, total):
            pending = PendingConfirmation(id: actionId, summary: summary, total: total?.display)
        case let .linkChanged(state, _, _):
            link = state
        case let .pairingCode(code):
            pairingCode = code
        default:
            break
        }
    }

    func scan() { transport.scan() }

    /// Connects over CoreBluetooth; the first time, the code arrives as a `.pairingCode` event.
    func pair(id: UUID) { run { try await self.companion.pair(deviceId: id.uuidString, transport: self.transport) } }

    func answerPairing(_ matches: Bool) { run { try await self.companion.confirmPairing(matches: matches); self.pairingCode = nil } }

    func ask(_ utterance: String) { run { _ = try await self.companion.ask(utterance: utterance) } }

    func confirmPending() {
        guard let pending else { return }
        self.pending = nil
        run { _ = try await self.companion.confirm(actionId: pending.id) }
    }

    func declinePending() { pending = nil }

    private func run(_ work: @escaping () async throws -> Void) {
        Task {
            do { try await work() } catch { self.error = "\(error)" }
        }
    }
}
