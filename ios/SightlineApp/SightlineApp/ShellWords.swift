import Foundation
import Sightline
import SightlineBluetooth

/// Something the app tells the wearer about itself (not a card): kept as what happened and put
/// into words only when shown, so a language change in Settings reaches it too.
enum ShellNotice {
    /// A fixed piece of advice (Bluetooth off, a refused permission…).
    case advice(ShellMessage)
    /// A call that failed: a typed core error or anything the platform threw.
    case failed(Error)
    /// The companion could not be opened.
    case startFailed(Error)
}

/// The app's own words in the phone's language, from the core's message catalogue
/// (docs/language.md): the shell keeps no string table. The phone's language is read at every
/// call, so the words follow a change of it.
enum ShellWords {
    /// The phone's preferred language, as the core is told it (`setLanguage`).
    static var localeTag: String { Locale.preferredLanguages.first ?? Locale.current.identifier }

    /// A button, a label or a piece of advice.
    static func text(_ message: ShellMessage) -> String {
        shellText(localeTag: localeTag, message: message)
    }

    /// The glasses' line for a `linkChanged` state name.
    static func link(_ state: String) -> String {
        shellLinkText(localeTag: localeTag, state: state)
    }

    /// `notice` in words. A failure is said by its kind only, never by its message (a core
    /// error's reason is developer text; a platform message can name anything).
    static func notice(_ notice: ShellNotice) -> String {
        switch notice {
        case let .advice(message): return text(message)
        case let .failed(error): return failure(error)
        case let .startFailed(error): return text(.startFailed) + "\n" + failure(error)
        }
    }

    /// What the wearer can do about a Bluetooth problem.
    static func advice(_ problem: BluetoothProblem) -> ShellMessage {
        switch problem {
        case .unauthorized: return .bluetoothRefused
        case .unsupported: return .noBluetooth
        case .poweredOff: return .bluetoothOff
        }
    }

    private static func failure(_ error: Error) -> String {
        guard let error = error as? SightlineError else { return text(.unexpectedFailure) }
        return shellErrorText(localeTag: localeTag, error: error)
    }
}
