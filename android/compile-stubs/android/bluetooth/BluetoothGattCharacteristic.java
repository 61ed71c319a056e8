// Compile-time stand-in for the Android SDK / AndroidX, used only by `cargo xtask test` to
// type-check the shells' Kotlin with kotlinc. Declares exactly the members the shells use;
// never compiled to bytecode, never run, never shipped. See android/compile-stubs/README.md.
package android.bluetooth;
public class BluetoothGattCharacteristic {
    public static final int PROPERTY_INDICATE = 32;
    public static final int PROPERTY_NOTIFY = 16;
    public static final int WRITE_TYPE_DEFAULT = 2;
    public static final int WRITE_TYPE_NO_RESPONSE = 1;
    public BluetoothGattDescriptor getDescriptor(java.util.UUID uuid) { throw new RuntimeException("Stub!"); }
    public int getProperties() { throw new RuntimeException("Stub!"); }
    public java.util.UUID getUuid() { throw new RuntimeException("Stub!"); }
    @Deprecated
    public byte[] getValue() { throw new RuntimeException("Stub!"); }
    @Deprecated
    public boolean setValue(byte[] value) { throw new RuntimeException("Stub!"); }
    public int getWriteType() { throw new RuntimeException("Stub!"); }
    public void setWriteType(int writeType) { throw new RuntimeException("Stub!"); }
}
