import CoreBluetooth
import Foundation
import Sightline

/// How one family's packets map onto its GATT characteristics, from the `GattProfile` the core
/// exports (the core's channel-byte convention, `docs/drivers.md`): Sightline packets go to its
/// one write characteristic as they are; the other families' packets start with a channel byte
/// naming the characteristic (and the G1 arm), which is stripped before writing and added to
/// each notification before it goes to the core. The Android shell's `ChannelRoutes.kt` follows
/// the same rules.
struct ChannelRoutes: Sendable {
    /// One characteristic of one peripheral of the device.
    struct Endpoint: Hashable, Sendable {
        let peripheral: Int
        let service: CBUUID
        let characteristic: CBUUID
    }

    private struct Route: Sendable {
        let tag: UInt8?
        let endpoint: Endpoint
        let direction: GattDirection
    }

    let profile: GattProfile
    private let routes: [Route]

    init(profile: GattProfile) {
        self.profile = profile
        routes = profile.channels.map { channel in
            Route(
                tag: channel.tag,
                endpoint: Endpoint(
                    peripheral: Int(channel.peripheral),
                    service: CBUUID(string: channel.service),
                    characteristic: CBUUID(string: channel.characteristic)
                ),
                direction: channel.direction
            )
        }
    }

    /// Whether packets carry a leading channel byte (every family but Sightline).
    var tagged: Bool { routes.contains { $0.tag != nil } }

    /// How many BLE peripherals one device is (a G1: its two arms).
    var peripherals: Int { Int(profile.peripherals) }

    /// The services to discover on `peripheral`.
    func services(of peripheral: Int) -> [CBUUID] {
        var seen: [CBUUID] = []
        for route in routes where route.endpoint.peripheral == peripheral && !seen.contains(route.endpoint.service) {
            seen.append(route.endpoint.service)
        }
        return seen
    }

    /// Every characteristic `peripheral` must offer.
    func endpoints(of peripheral: Int) -> [Endpoint] {
        routes.map(\.endpoint).filter { $0.peripheral == peripheral }
    }

    /// The notify characteristics of `peripheral`.
    func notifyEndpoints(of peripheral: Int) -> [Endpoint] {
        routes.filter { $0.direction == .notify && $0.endpoint.peripheral == peripheral }.map(\.endpoint)
    }

    /// Where `packet` goes and the bytes to write there; `nil` for a packet on no channel.
    func outgoing(_ packet: Data) -> (Endpoint, Data)? {
        guard tagged else {
            return routes.first { $0.direction == .write }.map { ($0.endpoint, packet) }
        }
        guard let tag = packet.first,
              let route = routes.first(where: { $0.tag == tag && $0.direction == .write })
        else { return nil }
        return (route.endpoint, packet.dropFirst())
    }

    /// The packet for the core from a notification; `nil` when not a notify channel.
    func incoming(peripheral: Int, characteristic: CBUUID, value: Data) -> Data? {
        guard let route = routes.first(where: {
            $0.direction == .notify && $0.endpoint.peripheral == peripheral
                && $0.endpoint.characteristic == characteristic
        }) else { return nil }
        guard let tag = route.tag else { return value }
        return Data([tag]) + value
    }

    /// The peripheral identifiers of a device id (theirs joined with `+`).
    func peripheralIds(_ deviceId: String) -> [UUID]? {
        let ids = deviceId.split(separator: "+").compactMap { UUID(uuidString: String($0)) }
        return ids.count == peripherals && ids.count == deviceId.split(separator: "+").count ? ids : nil
    }
}
