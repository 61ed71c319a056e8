import CoreBluetooth
import Foundation
import Sightline

/// The core's `GlassesTransport` over CoreBluetooth.
///
/// The core calls `connect` and drives the Sightline protocol (pairing, encryption, frames,
/// reconnection with backoff) itself; this class only moves packets: it connects to the
/// peripheral, discovers the Sightline service, enables notifications, reports
/// `sink.connected(mtu:)` with the negotiated write length + 3, forwards every notification,
/// and writes packets without response. A drop is reported with `sink.disconnected(reason:)`.
public final class CoreBluetoothTransport: NSObject, GlassesTransport, CBCentralManagerDelegate, CBPeripheralDelegate {
    private let uuids = glassesGattUuids()
    private lazy var serviceUUID = CBUUID(string: uuids.service)
    private lazy var writeUUID = CBUUID(string: uuids.write)
    private lazy var notifyUUID = CBUUID(string: uuids.notify)

    private let queue = DispatchQueue(label: "app.sightline.ble")
    private lazy var central = CBCentralManager(delegate: self, queue: queue)
    private let lock = NSLock()
    private var peripheral: CBPeripheral?
    private var writeCharacteristic: CBCharacteristic?
    private var sink: GlassesSink?
    private var pendingDeviceId: String?

    /// Peripherals found by `scan`, keyed by their identifier.
    public private(set) var discovered: [UUID: CBPeripheral] = [:]
    /// Called on the Bluetooth queue for every peripheral advertising the Sightline service.
    public var onDiscovered: ((UUID, String?, Int) -> Void)?

    public override init() {
        super.init()
        _ = central
    }

    /// Scans for glasses advertising the Sightline service only.
    public func scan() {
        queue.async {
            if self.central.state == .poweredOn {
                self.central.scanForPeripherals(withServices: [self.serviceUUID])
            }
        }
    }

    public func connect(deviceId: String, sink: GlassesSink) throws {
        guard let id = UUID(uuidString: deviceId) else {
            throw TransportFailure.Failed(reason: "not a peripheral identifier: \(deviceId)")
        }
        switch central.state {
        case .unauthorized:
            throw TransportFailure.Unavailable(reason: "Bluetooth permission denied")
        case .unsupported:
            throw TransportFailure.Unavailable(reason: "this device has no Bluetooth LE")
        case .poweredOff:
            throw TransportFailure.Unavailable(reason: "Bluetooth is turned off")
        default:
            break
        }
        lock.lock()
        self.sink = sink
        writeCharacteristic = nil
        pendingDeviceId = deviceId
        lock.unlock()
        queue.async {
            self.central.stopScan()
            guard let peripheral = self.discovered[id]
                ?? self.central.retrievePeripherals(withIdentifiers: [id]).first
            else {
                sink.disconnected(reason: "glasses \(deviceId) not found")
                return
            }
            self.lock.lock()
            self.peripheral = peripheral
            self.lock.unlock()
            peripheral.delegate = self
            self.central.connect(peripheral)
        }
    }

    public func write(packet: Data) throws {
        lock.lock()
        let target = (peripheral, writeCharacteristic)
        lock.unlock()
        guard let peripheral = target.0, let characteristic = target.1 else {
            throw TransportFailure.Disconnected(reason: "not connected")
        }
        guard peripheral.canSendWriteWithoutResponse else {
            throw TransportFailure.Failed(reason: "the Bluetooth write queue is full")
        }
        peripheral.writeValue(packet, for: characteristic, type: .withoutResponse)
    }

    public func disconnect() throws {
        lock.lock()
        let current = peripheral
        lock.unlock()
        if let current { queue.async { self.central.cancelPeripheralConnection(current) } }
    }

    private func currentSink() -> GlassesSink? {
        lock.lock()
        defer { lock.unlock() }
        return sink
    }

    // MARK: CBCentralManagerDelegate

    public func centralManagerDidUpdateState(_ central: CBCentralManager) {
        if central.state != .poweredOn { currentSink()?.disconnected(reason: "Bluetooth state \(central.state.rawValue)") }
    }

    public func centralManager(_ central: CBCentralManager, didDiscover peripheral: CBPeripheral,
                               advertisementData: [String: Any], rssi RSSI: NSNumber) {
        discovered[peripheral.identifier] = peripheral
        onDiscovered?(peripheral.identifier, peripheral.name, RSSI.intValue)
    }

    public func centralManager(_ central: CBCentralManager, didConnect peripheral: CBPeripheral) {
        peripheral.discoverServices([serviceUUID])
    }

    public func centralManager(_ central: CBCentralManager, didFailToConnect peripheral: CBPeripheral, error: Error?) {
        currentSink()?.disconnected(reason: error?.localizedDescription ?? "connection failed")
    }

    public func centralManager(_ central: CBCentralManager, didDisconnectPeripheral peripheral: CBPeripheral, error: Error?) {
        lock.lock()
        writeCharacteristic = nil
        lock.unlock()
        currentSink()?.disconnected(reason: error?.localizedDescription ?? "disconnected")
    }

    // MARK: CBPeripheralDelegate

    public func peripheral(_ peripheral: CBPeripheral, didDiscoverServices error: Error?) {
        guard error == nil, let service = peripheral.services?.first(where: { $0.uuid == serviceUUID }) else {
            currentSink()?.disconnected(reason: "the device does not offer the Sightline service")
            central.cancelPeripheralConnection(peripheral)
            return
        }
        peripheral.discoverCharacteristics([writeUUID, notifyUUID], for: service)
    }

    public func peripheral(_ peripheral: CBPeripheral, didDiscoverCharacteristicsFor service: CBService, error: Error?) {
        let characteristics = service.characteristics ?? []
        guard error == nil,
              let write = characteristics.first(where: { $0.uuid == writeUUID }),
              let notify = characteristics.first(where: { $0.uuid == notifyUUID })
        else {
            currentSink()?.disconnected(reason: "the Sightline characteristics are missing")
            central.cancelPeripheralConnection(peripheral)
            return
        }
        lock.lock()
        writeCharacteristic = write
        lock.unlock()
        peripheral.setNotifyValue(true, for: notify)
    }

    public func peripheral(_ peripheral: CBPeripheral, didUpdateNotificationStateFor characteristic: CBCharacteristic, error: Error?) {
        guard error == nil, characteristic.isNotifying else {
            currentSink()?.disconnected(reason: error?.localizedDescription ?? "notifications refused")
            return
        }
        // iOS negotiates the ATT MTU itself; the longest write without response is MTU - 3.
        let mtu = UInt32(peripheral.maximumWriteValueLength(for: .withoutResponse) + 3)
        currentSink()?.connected(mtu: mtu)
    }

    public func peripheral(_ peripheral: CBPeripheral, didUpdateValueFor characteristic: CBCharacteristic, error: Error?) {
        guard error == nil, characteristic.uuid == notifyUUID, let value = characteristic.value else { return }
        currentSink()?.notification(packet: value)
    }
}
