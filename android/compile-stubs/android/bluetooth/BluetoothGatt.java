// Compile-time stand-in for the Android SDK / AndroidX, used only by `cargo xtask test` to
// type-check the shells' Kotlin with kotlinc. Declares exactly the members the shells use;
// never compiled to bytecode, never run, never shipped. See android/compile-stubs/README.md.
package android.bluetooth;
public final class BluetoothGatt implements BluetoothProfile {
    public static final int GATT_SUCCESS = 0;
    public static final int CONNECTION_PRIORITY_HIGH = 1;
    public void close() { throw new RuntimeException("Stub!"); }
    public void disconnect() { throw new RuntimeException("Stub!"); }
    public BluetoothDevice getDevice() { throw new RuntimeException("Stub!"); }
    public boolean discoverServices() { throw new RuntimeException("Stub!"); }
    public BluetoothGattService getService(java.util.UUID uuid) { throw new RuntimeException("Stub!"); }
    public boolean requestConnectionPriority(int connectionPriority) { throw new RuntimeException("Stub!"); }
    public boolean requestMtu(int mtu) { throw new RuntimeException("Stub!"); }
    public boolean setCharacteristicNotification(BluetoothGattCharacteristic characteristic, boolean enable) { throw new RuntimeException("Stub!"); }
    @Deprecated
    public boolean writeCharacteristic(BluetoothGattCharacteristic characteristic) { throw new RuntimeException("Stub!"); }
    public int writeCharacteristic(BluetoothGattCharacteristic characteristic, byte[] value, int writeType) { throw new RuntimeException("Stub!"); }
    @Deprecated
    public boolean writeDescriptor(BluetoothGattDescriptor descriptor) { throw new RuntimeException("Stub!"); }
    public int writeDescriptor(BluetoothGattDescriptor descriptor, byte[] value) { throw new RuntimeException("Stub!"); }
}
