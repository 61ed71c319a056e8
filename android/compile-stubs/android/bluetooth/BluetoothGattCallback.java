// Compile-time stand-in for the Android SDK / AndroidX, used only by `cargo xtask test` to
// type-check the shells' Kotlin with kotlinc. Declares exactly the members the shells use;
// never compiled to bytecode, never run, never shipped. See android/compile-stubs/README.md.
package android.bluetooth;
public abstract class BluetoothGattCallback {
    public void onConnectionStateChange(BluetoothGatt gatt, int status, int newState) { throw new RuntimeException("Stub!"); }
    public void onServicesDiscovered(BluetoothGatt gatt, int status) { throw new RuntimeException("Stub!"); }
    public void onCharacteristicWrite(BluetoothGatt gatt, BluetoothGattCharacteristic characteristic, int status) { throw new RuntimeException("Stub!"); }
    @Deprecated
    public void onCharacteristicChanged(BluetoothGatt gatt, BluetoothGattCharacteristic characteristic) { throw new RuntimeException("Stub!"); }
    public void onCharacteristicChanged(BluetoothGatt gatt, BluetoothGattCharacteristic characteristic, byte[] value) { throw new RuntimeException("Stub!"); }
    public void onDescriptorWrite(BluetoothGatt gatt, BluetoothGattDescriptor descriptor, int status) { throw new RuntimeException("Stub!"); }
    public void onMtuChanged(BluetoothGatt gatt, int mtu, int status) { throw new RuntimeException("Stub!"); }
}
