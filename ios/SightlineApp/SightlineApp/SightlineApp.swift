import SwiftUI

/// The app: one `CompanionModel` shared by every screen.
@main
struct SightlineApp: App {
    @StateObject private var model = CompanionModel()

    var body: some Scene {
        WindowGroup {
            ContentView().environmentObject(model)
        }
    }
}
