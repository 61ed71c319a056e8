// Compile-time stand-in for the Android SDK / AndroidX, used only by `cargo xtask test` to
// type-check the shells' Kotlin with kotlinc. Declares exactly the members the shells use;
// never compiled to bytecode, never run, never shipped. See android/compile-stubs/README.md.
package android.bluetooth;
public final class BluetoothAdapter {
    public boolean isEnabled() { throw new RuntimeException("Stub!"); }
    public BluetoothDevice getRemoteDevice(String address) { throw new RuntimeException("Stub!"); }
    public android.bluetooth.le.BluetoothLeScanner getBluetoothLeScanner() { throw new RuntimeException("Stub!"); }
}
