// Compile-time stand-in for the Android SDK / AndroidX, used only by `cargo xtask test` to
// type-check the shells' Kotlin with kotlinc. Declares exactly the members the shells use;
// never compiled to bytecode, never run, never shipped. See android/compile-stubs/README.md.
package android.bluetooth.le;
public final class ScanFilter {
    public static final class Builder {
        public Builder() { throw new RuntimeException("Stub!"); }
        public Builder setServiceUuid(android.os.ParcelUuid serviceUuid) { throw new RuntimeException("Stub!"); }
        public ScanFilter build() { throw new RuntimeException("Stub!"); }
    }
}
