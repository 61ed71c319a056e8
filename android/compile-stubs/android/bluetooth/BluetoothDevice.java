// Compile-time stand-in for the Android SDK / AndroidX, used only by `cargo xtask test` to
// type-check the shells' Kotlin with kotlinc. Declares exactly the members the shells use;
// never compiled to bytecode, never run, never shipped. See android/compile-stubs/README.md.
package android.bluetooth;
public final class BluetoothDevice {
    public static final int TRANSPORT_LE = 2;
    public static final int BOND_BONDED = 12;
    public int getBondState() { throw new RuntimeException("Stub!"); }
    public String getAddress() { throw new RuntimeException("Stub!"); }
    public BluetoothGatt connectGatt(android.content.Context context, boolean autoConnect, BluetoothGattCallback callback, int transport) { throw new RuntimeException("Stub!"); }
}
