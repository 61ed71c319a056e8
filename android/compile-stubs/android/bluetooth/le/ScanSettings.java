// Compile-time stand-in for the Android SDK / AndroidX, used only by `cargo xtask test` to
// type-check the shells' Kotlin with kotlinc. Declares exactly the members the shells use;
// never compiled to bytecode, never run, never shipped. See android/compile-stubs/README.md.
package android.bluetooth.le;
public final class ScanSettings {
    public static final int SCAN_MODE_LOW_LATENCY = 2;
    public static final class Builder {
        public Builder() { throw new RuntimeException("Stub!"); }
        public Builder setScanMode(int scanMode) { throw new RuntimeException("Stub!"); }
        public ScanSettings build() { throw new RuntimeException("Stub!"); }
    }
}
