// Compile-time stand-in for the Android SDK / AndroidX, used only by `cargo xtask test` to
// type-check the shells' Kotlin with kotlinc. Declares exactly the members the shells use;
// never compiled to bytecode, never run, never shipped. See android/compile-stubs/README.md.
package android.security.keystore;
public final class KeyGenParameterSpec implements java.security.spec.AlgorithmParameterSpec {
    public static final class Builder {
        public Builder(String keystoreAlias, int purposes) { throw new RuntimeException("Stub!"); }
        public Builder setBlockModes(String... blockModes) { throw new RuntimeException("Stub!"); }
        public Builder setEncryptionPaddings(String... paddings) { throw new RuntimeException("Stub!"); }
        public Builder setKeySize(int keySize) { throw new RuntimeException("Stub!"); }
        public KeyGenParameterSpec build() { throw new RuntimeException("Stub!"); }
    }
}
