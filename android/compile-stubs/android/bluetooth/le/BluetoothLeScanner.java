// Compile-time stand-in for the Android SDK / AndroidX, used only by `cargo xtask test` to
// type-check the shells' Kotlin with kotlinc. Declares exactly the members the shells use;
// never compiled to bytecode, never run, never shipped. See android/compile-stubs/README.md.
package android.bluetooth.le;
public final class BluetoothLeScanner {
    public void startScan(java.util.List<ScanFilter> filters, ScanSettings settings, ScanCallback callback) { throw new RuntimeException("Stub!"); }
    public void stopScan(ScanCallback callback) { throw new RuntimeException("Stub!"); }
}
