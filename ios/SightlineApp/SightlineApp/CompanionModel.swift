import Foundation
import Sightline
import SightlineBluetooth

/// A payment or unlock waiting for the user's explicit yes.
struct PendingConfirmation: Identifiable {
    let id: String
    let summary: String
    let total: String?
}

/// Holds the one `Companion` and turns its events into published state.
///
/// The core calls the listener on its own threads. The listener only yields each event into an
/// `AsyncStream`, which one main-actor task reads in order: events are applied in the order the
/// core sent them (separate `Task`s per event would not guarantee that).
@MainActor
final class CompanionModel: ObservableObject {
    @Published var link: String = "stopped"
    @Published var pairingCode: String?
    @Published var cards: [Card] = []
    @Published var pending: PendingConfirmation?
    /// What the app tells the wearer about itself, put into words when shown (`ShellWords`).
    @Published var error: ShellNotice?
    @Published var found: [FoundGlasses] = []

    private let companion: Companion?
    private var central: GlassesCentral?
    private var subscription: Subscription?
    private var events: Task<Void, Never>?
    private var localeChanges: NSObjectProtocol?

    init() {
        let support = FileManager.default.urls(for: .applicationSupportDirectory, in: .userDomainMask)[0]
        do {
            let data = try CompanionModel.dataFolder(in: support)
            // The database's secrets are sealed by a key kept in the Keychain.
            companion = try companionWithKeyVault(config: CompanionConfig(
                dataDir: data.path,
                modelsDir: Bundle.main.resourceURL?.appendingPathComponent("models").path ?? "models",
                privacy: defaultPrivacySettings(),
                providers: defaultProviderSettings()
            ), vault: KeychainKeyVault())
        } catch {
            companion = nil
            self.error = .startFailed(error)
        }
        // Cards, speech and receipts in the phone's language (Chinese or English), now and
        // after every change of it in Settings while the app runs. The model lives as long as
        // the app, so the observer is never removed.
        followPhoneLanguage()
        localeChanges = NotificationCenter.default.addObserver(
            forName: NSLocale.currentLocaleDidChangeNotification, object: nil, queue: .main
        ) { [weak self] _ in
            Task { @MainActor in self?.followPhoneLanguage() }
        }
        let (stream, continuation) = AsyncStream.makeStream(of: CompanionEvent.self)
        subscription = try? companion?.subscribe(listener: Listener(continuation: continuation))
        events = Task { [weak self] in
            for await event in stream { self?.apply(event) }
        }
        central = GlassesCentral(
            onFound: { [weak self] glasses in
                Task { @MainActor in
                    guard let self, !self.found.contains(where: { $0.id == glasses.id }) else { return }
                    self.found.append(glasses)
                }
            },
            onProblem: { [weak self] problem in
                Task { @MainActor in self?.error = .advice(ShellWords.advice(problem)) }
            }
        )
    }

    /// Hands the phone's preferred language to the core (`zh` or `en` is chosen from it).
    private func followPhoneLanguage() {
        _ = companion?.setLanguage(localeTag: ShellWords.localeTag)
    }

    /// Passes core events on, in order. Immutable and holding only a `Sendable` continuation,
    /// so it is `Sendable` as the generated `CompanionListener` protocol requires.
    private final class Listener: CompanionListener, Sendable {
        let continuation: AsyncStream<CompanionEvent>.Continuation
        init(continuation: AsyncStream<CompanionEvent>.Continuation) { self.continuation = continuation }

        func onEvent(event: CompanionEvent) throws {
            continuation.yield(event)
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

    /// The database folder, created and excluded from iCloud and device backups: history,
    /// orders and the sealed link keys stay on this phone.
    private static func dataFolder(in support: URL) throws -> URL {
        var folder = support.appendingPathComponent("sightline", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var values = URLResourceValues()
        values.isExcludedFromBackup = true
        try folder.setResourceValues(values)
        return folder
    }

    /// Scans for glasses of every family (the Bluetooth prompt appears here, the first time).
    func scan() {
        found = []
        error = nil
        central?.scan()
    }

    /// Connects over CoreBluetooth with the core's GATT profile of the glasses' family; for
    /// Sightline glasses the code arrives as a `.pairingCode` event the first time.
    func pair(_ glasses: FoundGlasses) {
        guard let central else { return }
        central.stopScan()
        let transport = central.transport(for: glasses.family)
        run { try await $0.pair(deviceId: glasses.id, family: glasses.family, transport: transport) }
    }

    func answerPairing(_ matches: Bool) {
        run { try await $0.confirmPairing(matches: matches) }
        pairingCode = nil
    }

    func ask(_ utterance: String) { run { _ = try await $0.ask(utterance: utterance) } }

    func confirmPending() {
        guard let pending else { return }
        self.pending = nil
        run { _ = try await $0.confirm(actionId: pending.id) }
    }

    func declinePending() { pending = nil }

    private func run(_ work: @escaping @Sendable (Companion) async throws -> Void) {
        guard let companion else { return }
        Task {
            do { try await work(companion) } catch { self.error = .failed(error) }
        }
    }
}
