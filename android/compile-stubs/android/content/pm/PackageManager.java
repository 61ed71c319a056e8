// Compile-time stand-in for the Android SDK / AndroidX, used only by `cargo xtask test` to
// type-check the shells' Kotlin with kotlinc. Declares exactly the members the shells use;
// never compiled to bytecode, never run, never shipped. See android/compile-stubs/README.md.
package android.content.pm;
public abstract class PackageManager {
    public static final int PERMISSION_GRANTED = 0;
    public abstract ApplicationInfo getApplicationInfo(String packageName, int flags) throws NameNotFoundException;
    public abstract CharSequence getApplicationLabel(ApplicationInfo info);
    public static class NameNotFoundException extends Exception {
        public NameNotFoundException() { throw new RuntimeException("Stub!"); }
    }
}
