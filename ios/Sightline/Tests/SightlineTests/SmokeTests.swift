import Foundation
import XCTest
@testable import Sightline

/// Simulator smoke test: the static library links, the core answers, bad input is typed.
final class SmokeTests: XCTestCase {
    func testCompanionStartsAndRefusesBadInput() throws {
        XCTAssertFalse(coreVersion().isEmpty)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        let companion = try Companion(config: CompanionConfig(
            dataDir: dir.path,
            modelsDir: dir.appendingPathComponent("models").path,
            privacy: defaultPrivacySettings(),
            providers: defaultProviderSettings()
        ))
        try companion.setPreference(key: "shoe_size", valueJson: "42")
        XCTAssertEqual(try companion.preferences().first { $0.key == "shoe_size" }?.valueJson, "42")
        XCTAssertThrowsError(try companion.setPreference(key: "shoe_size", valueJson: "{not json")) { error in
            guard case SightlineError.InvalidInput = error else {
                return XCTFail("expected InvalidInput, got \(error)")
            }
        }
    }
}
