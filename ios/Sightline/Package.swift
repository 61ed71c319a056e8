// swift-tools-version:5.9
// The Swift package of the Sightline core: the UniFFI-generated Swift (`Sightline`) over the
// XCFramework of the static library (`SightlineFFI`), plus the CoreBluetooth transport
// (`SightlineBluetooth`). `cargo xtask ios` writes the XCFramework and the generated Swift.
// iOS only: the XCFramework has device and simulator slices, no macOS one.
import PackageDescription

let package = Package(
    name: "Sightline",
    platforms: [.iOS(.v16)],
    products: [
        .library(name: "Sightline", targets: ["Sightline", "SightlineBluetooth"]),
    ],
    targets: [
        .binaryTarget(name: "SightlineFFI", path: "SightlineFFI.xcframework"),
        .target(name: "Sightline", dependencies: ["SightlineFFI"], path: "Sources/Sightline"),
        .target(name: "SightlineBluetooth", dependencies: ["Sightline"], path: "Sources/SightlineBluetooth"),
        .testTarget(name: "SightlineTests", dependencies: ["Sightline"], path: "Tests/SightlineTests"),
    ]
)
