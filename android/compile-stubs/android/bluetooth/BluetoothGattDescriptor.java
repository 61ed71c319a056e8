// Compile-time stand-in for the Android SDK / AndroidX, used only by `cargo xtask test` to
// type-check the shells' Kotlin with kotlinc. Declares exactly the members the shells use;
// never compiled to bytecode, never run, never shipped. See android/compile-stubs/README.md.
package android.bluetooth;
public class BluetoothGattDescriptor {
    public static final byte[] ENABLE_INDICATION_VALUE = null;
    public static final byte[] ENABLE_NOTIFICATION_VALUE = null;
    public java.util.UUID getUuid() { throw new RuntimeException("Stub!"); }
    @Deprecated
    public byte[] getValue() { throw new RuntimeException("Stub!"); }
    @Deprecated
    public boolean setValue(byte[] value) { throw new RuntimeException("Stub!"); }
}
