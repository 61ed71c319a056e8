import CoreBluetooth
import Foundation
import Sightline

/// Glasses seen while scanning: the id to pair with (a G1: `LEFT+RIGHT`), family, name, signal.
public struct FoundGlasses: Identifiable, Sendable {
    public let id: String
    public let family: GlassesFamily
    public let name: String?
    public let rssi: Int
}

/// Why Bluetooth cannot be used; the app tells the wearer what to do.
public enum BluetoothProblem: Sendable {
    case unauthorized
    case unsupported
    case poweredOff
}

/// The phone's Bluetooth central: scans for glasses of every family the core drives and
/// carries the connection of the one `CoreBluetoothTransport` in use.
///
/// Concurrency: every mutable property is read and written only on `queue`, the serial queue
/// CoreBluetooth delivers its delegate calls on; public methods hop onto it. That confinement
/// is what makes the class safe to share (`@unchecked Sendable`: the compiler cannot see a
/// queue), and `dispatchPrecondition` checks it in debug builds.
///
/// The `CBCentralManager` is created on the first scan or connect, so the Bluetooth prompt
/// appears when the wearer asks to find glasses, not at launch — except when Bluetooth was
/// allowed before: then it is created at once, under a restore identifier, so iOS can
/// relaunch the app in the background (the `bluetooth-central` mode) with its connections.
public final class GlassesCentral: NSObject, CBCentralManagerDelegate, @unchecked Sendable {
    let queue = DispatchQueue(label: "app.sightline.ble")
    private let onFound: @Sendable (FoundGlasses) -> Void
    private let onProblem: @Sendable (BluetoothProblem) -> Void

    private var manager: CBCentralManager?
    private var wantsScan = false
    private var whenKnown: [(CBManagerState) -> Void] = []
    private var known: [UUID: CBPeripheral] = [:]
    private var arms: [String: [UUID?]] = [:]
    private var reported: Set<String> = []
    fileprivate weak var active: CoreBluetoothTransport?

    /// `onFound` and `onProblem` are called on the Bluetooth queue.
    public init(
        onFound: @escaping @Sendable (FoundGlasses) -> Void,
        onProblem: @escaping @Sendable (BluetoothProblem) -> Void
    ) {
        self.onFound = onFound
        self.onProblem = onProblem
        super.init()
        if CBManager.authorization == .allowedAlways {
            queue.async { _ = self.central() }
        }
    }

    /// A transport for glasses of `family`, connected through this central.
    public func transport(for family: GlassesFamily) -> CoreBluetoothTransport {
        CoreBluetoothTransport(central: self, profile: glassesGattProfile(family: family))
    }

    /// Scans for every family's advertised service until `stopScan`; a scan asked for before
    /// Bluetooth is on starts when it is.
    public func scan() {
        queue.async {
            self.wantsScan = true
            self.reported.removeAll()
            self.arms.removeAll()
            self.startScanIfOn()
        }
    }

    /// Stops scanning.
    public func stopScan() {
        queue.async {
            self.wantsScan = false
            self.manager?.stopScan()
        }
    }

    /// The manager, created on first use (this is when iOS asks for Bluetooth).
    fileprivate func central() -> CBCentralManager {
        dispatchPrecondition(condition: .onQueue(queue))
        if let manager { return manager }
        let manager = CBCentralManager(
            delegate: self, queue: queue,
            options: [CBCentralManagerOptionRestoreIdentifierKey: "app.sightline.central"]
        )
        self.manager = manager
        return manager
    }

    /// Runs `body` with the central's state once it is known (not `.unknown`/`.resetting`).
    fileprivate func whenStateKnown(_ body: @escaping (CBManagerState) -> Void) {
        dispatchPrecondition(condition: .onQueue(queue))
        let state = central().state
        if state == .unknown || state == .resetting {
            whenKnown.append(body)
        } else {
            body(state)
        }
    }

    /// A peripheral by identifier: seen in a scan, restored by iOS, or known to the system.
    fileprivate func peripheral(_ id: UUID) -> CBPeripheral? {
        dispatchPrecondition(condition: .onQueue(queue))
        return known[id] ?? central().retrievePeripherals(withIdentifiers: [id]).first
    }

    private func startScanIfOn() {
        let manager = central()
        guard wantsScan, manager.state == .poweredOn else { return }
        let services = glassesGattProfiles().map { CBUUID(string: $0.advertisedService) }
        manager.scanForPeripherals(withServices: services, options: nil)
    }

    private func problem(for state: CBManagerState) -> BluetoothProblem? {
        switch state {
        case .unauthorized: return .unauthorized
        case .unsupported: return .unsupported
        case .poweredOff: return .poweredOff
        default: return nil
        }
    }

    // MARK: CBCentralManagerDelegate

    public func centralManagerDidUpdateState(_ central: CBCentralManager) {
        let state = central.state
        if state != .unknown && state != .resetting {
            let waiting = whenKnown
            whenKnown.removeAll()
            waiting.forEach { $0(state) }
        }
        if let problem = problem(for: state) {
            onProblem(problem)
            active?.centralLost("Bluetooth is off or not allowed")
        }
        startScanIfOn()
    }

    public func centralManager(_ central: CBCentralManager, willRestoreState dict: [String: Any]) {
        // Relaunched in the background: keep the peripherals iOS kept connected, so the core's
        // reconnect finds them by identifier.
        let restored = dict[CBCentralManagerRestoredStatePeripheralsKey] as? [CBPeripheral] ?? []
        for peripheral in restored { known[peripheral.identifier] = peripheral }
    }

    public func centralManager(_ central: CBCentralManager, didDiscover peripheral: CBPeripheral,
                               advertisementData: [String: Any], rssi RSSI: NSNumber) {
        known[peripheral.identifier] = peripheral
        let name = advertisementData[CBAdvertisementDataLocalNameKey] as? String ?? peripheral.name
        let services = (advertisementData[CBAdvertisementDataServiceUUIDsKey] as? [CBUUID] ?? []).map(\.uuidString)
        guard let sighting = classifyGlasses(name: name, serviceUuids: services) else { return }
        var deviceId = peripheral.identifier.uuidString
        if let key = sighting.deviceKey {
            var parts = arms[key] ?? [nil, nil]
            let index = Int(sighting.peripheral)
            if parts.indices.contains(index) { parts[index] = peripheral.identifier }
            arms[key] = parts
            let ids = parts.compactMap { $0 }
            guard ids.count == parts.count else { return }
            deviceId = ids.map(\.uuidString).joined(separator: "+")
        }
        guard reported.insert(deviceId).inserted else { return }
        onFound(FoundGlasses(id: deviceId, family: sighting.family, name: sighting.deviceKey ?? name, rssi: RSSI.intValue))
    }

    public func centralManager(_ central: CBCentralManager, didConnect peripheral: CBPeripheral) {
        active?.didConnect(peripheral)
    }

    public func centralManager(_ central: CBCentralManager, didFailToConnect peripheral: CBPeripheral, error: Error?) {
        active?.failed(peripheral, error?.localizedDescription ?? "connection failed")
    }

    public func centralManager(_ central: CBCentralManager, didDisconnectPeripheral peripheral: CBPeripheral, error: Error?) {
        active?.failed(peripheral, error?.localizedDescription ?? "disconnected")
    }
}

/// The core's `GlassesTransport` over CoreBluetooth, for one family's `GattProfile`.
///
/// The core calls `connect` and drives the family's protocol itself; this class only moves
/// packets. Per peripheral (one, or a G1's two arms) it connects, discovers the profile's
/// services and characteristics, enables notifications (a refusal cancels the connection), and
/// once every peripheral is ready reports `sink.connected(mtu:)` with the smallest write length
/// + 3. Writes are queued per peripheral and drained on the CoreBluetooth queue: without
/// response while `canSendWriteWithoutResponse` (continued from
/// `peripheralIsReady(toSendWriteWithoutResponse:)`), with response one at a time (continued
/// from `didWriteValueFor`). Any failure cancels every peripheral and is reported once.
///
/// Concurrency: as `GlassesCentral`, whose queue it shares: all mutable state lives on it.
public final class CoreBluetoothTransport: NSObject, GlassesTransport, CBPeripheralDelegate, @unchecked Sendable {
    /// Packets that may wait on one peripheral before a write is refused as "queue full".
    private static let capacity = 512

    private final class Link {
        let peripheral: CBPeripheral
        let index: Int
        var characteristics: [ChannelRoutes.Endpoint: CBCharacteristic] = [:]
        var notifying = 0
        var ready = false
        var waiting: [(CBCharacteristic, Data)] = []
        var writeInFlight = false

        init(peripheral: CBPeripheral, index: Int) {
            self.peripheral = peripheral
            self.index = index
        }
    }

    private let central: GlassesCentral
    private let routes: ChannelRoutes
    private var queue: DispatchQueue { central.queue }
    private var sink: GlassesSink?
    private var links: [Link] = []
    private var reportedReady = false

    fileprivate init(central: GlassesCentral, profile: GattProfile) {
        self.central = central
        routes = ChannelRoutes(profile: profile)
    }

    public func connect(deviceId: String, sink: GlassesSink) throws {
        guard let ids = routes.peripheralIds(deviceId) else {
            throw TransportFailure.Failed(reason: "a \(routes.profile.name) device id is \(routes.peripherals) peripheral identifier(s) joined with +")
        }
        queue.async {
            self.end(reason: nil)
            self.sink = sink
            self.central.active = self
            // Waits while the state is unknown (just created, resetting) instead of failing.
            self.central.whenStateKnown { state in
                guard self.sink === sink else { return }
                switch state {
                case .poweredOn:
                    self.startConnecting(ids)
                case .unauthorized:
                    self.end(reason: "Bluetooth permission denied")
                case .unsupported:
                    self.end(reason: "this device has no Bluetooth LE")
                default:
                    self.end(reason: "Bluetooth is turned off")
                }
            }
        }
    }

    public func write(packet: Data) throws {
        guard let route = routes.outgoing(packet) else {
            throw TransportFailure.Failed(reason: "a packet on no \(routes.profile.name) channel")
        }
        let (endpoint, value) = route
        // Called on a core thread: enqueue and drain on the CoreBluetooth queue.
        let failure: TransportFailure? = queue.sync {
            guard endpoint.peripheral < links.count else { return .Disconnected(reason: "not connected") }
            let link = links[endpoint.peripheral]
            guard link.ready, let characteristic = link.characteristics[endpoint] else {
                return .Disconnected(reason: "not connected")
            }
            guard link.waiting.count < Self.capacity else {
                return .Failed(reason: "the Bluetooth write queue is full")
            }
            link.waiting.append((characteristic, value))
            drain(link)
            return nil
        }
        if let failure { throw failure }
    }

    public func disconnect() throws {
        queue.async { self.end(reason: "closed by the phone") }
    }

    /// CoreBluetooth does not tell an app whether a peripheral is bonded or its link
    /// encrypted, so this says false (unknown): for Frame and G1 glasses a tap then never pays
    /// and the phone confirms instead. Sightline glasses authenticate their link themselves.
    public func isEncrypted() -> Bool {
        false
    }

    // MARK: Connection, on the queue

    private func startConnecting(_ ids: [UUID]) {
        central.stopScan()
        var links: [Link] = []
        for (index, id) in ids.enumerated() {
            guard let peripheral = central.peripheral(id) else {
                end(reason: "glasses \(id.uuidString) not found")
                return
            }
            links.append(Link(peripheral: peripheral, index: index))
        }
        self.links = links
        reportedReady = false
        for link in links {
            link.peripheral.delegate = self
            central.central().connect(link.peripheral)
        }
    }

    private func link(for peripheral: CBPeripheral) -> Link? {
        links.first { $0.peripheral === peripheral }
    }

    /// Cancels every peripheral; reports `reason` to the sink once (nil: report nothing).
    private func end(reason: String?) {
        dispatchPrecondition(condition: .onQueue(queue))
        let ended = links
        links = []
        for link in ended {
            link.peripheral.delegate = nil
            central.central().cancelPeripheralConnection(link.peripheral)
        }
        if let sink, let reason { sink.disconnected(reason: reason) }
        sink = nil
    }

    fileprivate func centralLost(_ reason: String) {
        if sink != nil { end(reason: reason) }
    }

    fileprivate func didConnect(_ peripheral: CBPeripheral) {
        guard let link = link(for: peripheral) else { return }
        peripheral.discoverServices(routes.services(of: link.index))
    }

    fileprivate func failed(_ peripheral: CBPeripheral, _ reason: String) {
        if link(for: peripheral) != nil { end(reason: reason) }
    }

    private func drain(_ link: Link) {
        let withResponse = routes.profile.writeWithResponse
        while let next = link.waiting.first {
            let (characteristic, value) = next
            if withResponse {
                guard !link.writeInFlight else { return }
                link.writeInFlight = true
                link.waiting.removeFirst()
                link.peripheral.writeValue(value, for: characteristic, type: .withResponse)
            } else {
                guard link.peripheral.canSendWriteWithoutResponse else { return }
                link.waiting.removeFirst()
                link.peripheral.writeValue(value, for: characteristic, type: .withoutResponse)
            }
        }
    }

    private func reportIfReady() {
        guard !reportedReady, !links.isEmpty, links.allSatisfy(\.ready), let sink else { return }
        reportedReady = true
        // iOS negotiates the ATT MTU itself; the longest write without response is MTU - 3.
        let mtu = links.map { $0.peripheral.maximumWriteValueLength(for: .withoutResponse) + 3 }.min() ?? 23
        sink.connected(mtu: UInt32(mtu))
    }

    // MARK: CBPeripheralDelegate

    public func peripheral(_ peripheral: CBPeripheral, didDiscoverServices error: Error?) {
        guard let link = link(for: peripheral) else { return }
        if let error {
            end(reason: "service discovery failed: \(error.localizedDescription)")
            return
        }
        for uuid in routes.services(of: link.index) {
            guard let service = peripheral.services?.first(where: { $0.uuid == uuid }) else {
                end(reason: "not a \(routes.profile.name): no service \(uuid.uuidString)")
                return
            }
            let wanted = routes.endpoints(of: link.index).filter { $0.service == uuid }.map(\.characteristic)
            peripheral.discoverCharacteristics(wanted, for: service)
        }
    }

    public func peripheral(_ peripheral: CBPeripheral, didDiscoverCharacteristicsFor service: CBService, error: Error?) {
        guard let link = link(for: peripheral) else { return }
        if let error {
            end(reason: "characteristic discovery failed: \(error.localizedDescription)")
            return
        }
        for endpoint in routes.endpoints(of: link.index) where endpoint.service == service.uuid {
            guard let characteristic = service.characteristics?.first(where: { $0.uuid == endpoint.characteristic }) else {
                end(reason: "not a \(routes.profile.name): no characteristic \(endpoint.characteristic.uuidString)")
                return
            }
            link.characteristics[endpoint] = characteristic
        }
        let endpoints = routes.endpoints(of: link.index)
        guard endpoints.allSatisfy({ link.characteristics[$0] != nil }) else { return } // other services pending
        let notify = routes.notifyEndpoints(of: link.index).compactMap { link.characteristics[$0] }
        link.notifying = notify.count
        if notify.isEmpty {
            link.ready = true
            reportIfReady()
        }
        notify.forEach { peripheral.setNotifyValue(true, for: $0) }
    }

    public func peripheral(_ peripheral: CBPeripheral, didUpdateNotificationStateFor characteristic: CBCharacteristic, error: Error?) {
        guard let link = link(for: peripheral), !link.ready else { return }
        guard error == nil, characteristic.isNotifying else {
            // A connection without notifications would hang the core: cancel it.
            end(reason: error?.localizedDescription ?? "notifications refused")
            return
        }
        link.notifying -= 1
        if link.notifying == 0 {
            link.ready = true
            reportIfReady()
        }
    }

    public func peripheral(_ peripheral: CBPeripheral, didUpdateValueFor characteristic: CBCharacteristic, error: Error?) {
        guard let link = link(for: peripheral), error == nil, let value = characteristic.value,
              let packet = routes.incoming(peripheral: link.index, characteristic: characteristic.uuid, value: value)
        else { return }
        sink?.notification(packet: packet)
    }

    public func peripheralIsReady(toSendWriteWithoutResponse peripheral: CBPeripheral) {
        if let link = link(for: peripheral) { drain(link) }
    }

    public func peripheral(_ peripheral: CBPeripheral, didWriteValueFor characteristic: CBCharacteristic, error: Error?) {
        guard let link = link(for: peripheral) else { return }
        link.writeInFlight = false
        if let error {
            end(reason: "a write failed: \(error.localizedDescription)")
        } else {
            drain(link)
        }
    }
}
